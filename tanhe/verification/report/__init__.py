"""The verification report (guide 4.5, 附录2): its content built from the verification's records
(``cover``, ``content``) and written as Word (``docx``) and PDF (``pdf``)."""
