"""Allow `python -m po_exam`."""

from po_exam.launch import main

if __name__ == "__main__":
    main()
