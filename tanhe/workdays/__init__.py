"""工作日历 (the working-day calendar): which dates are working days (工作日) in China, and the
deadlines counted in them (“5个工作日内”: from the day after, ``calendar.add_working_days``).

One national calendar, not one per province: the State Council's General Office (国务院办公厅)
publishes each year's statutory holidays and adjusted working days (调休上班) for the whole
country, so any province's authority administrator (管理员, ``Role.AUTHORITY_ADMIN``) or the
platform operator may maintain it, and everyone logged in may read it.

Sources, in order (``calendar.py``, the one place that answers):

1. a **published** ``CalendarYear`` of the table — the administrators' entry of a year's notice,
   which also corrects a built-in year (creating a built-in year copies its days to correct);
2. the ``chinesecalendar`` package (pinned to 1.11.x) for 2004–2026;
3. otherwise ``CalendarMissing``: a deadline in a year nobody has entered is refused, never
   guessed from weekends alone.

2027 is deliberately not pre-filled: the State Council's notice on the 2027 holidays
(国务院办公厅关于2027年部分节假日安排的通知) is not among our references. When it is published,
an administrator enters its days at /workdays/ and publishes the year; upgrade chinesecalendar
each year as well.
"""
