"""Allow `python -m po_exam`."""

from po_exam.cli import main

if __name__ == "__main__":
    main()
