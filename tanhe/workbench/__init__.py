"""The 工作台 (workbench) after login: what each role has to do next, read from the places that
own each rule — the annual report's due date (:mod:`.due_dates`), the enterprise's plan, report,
months and warnings (:mod:`.enterprise`), the authority's queue and province (:mod:`.authority`),
the agency's verification tasks (:mod:`.agency`) — and the charts drawn from those numbers
(:mod:`.charts`). Reads only: no module here changes anything."""
