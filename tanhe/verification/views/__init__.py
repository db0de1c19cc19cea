"""核查 pages (/verification/), one module per step; thin: parse, authorise, call one service,
render. Each POST has its own handler."""
