"""The calendar's services: who may edit (an authority 管理员 of any province, the operator), what
they refuse, and the audit row each writes in its transaction."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry
from tanhe.workdays import services
from tanhe.workdays.models import CalendarDay, CalendarYear


def _actions() -> list[str]:
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


def test_each_service_writes_its_audit_row(admin):
    year = services.create_year(actor=admin, year="2027", source="国务院办公厅通知（测试）")
    day = services.set_day(actor=admin, calendar_year=year, day="2027-02-08", kind="holiday",
                           name="春节")  # fmt: skip
    services.set_day(actor=admin, calendar_year=year, day="2027-02-08", kind="holiday",
                     name="春节（初二）")  # fmt: skip
    services.publish_year(actor=admin, calendar_year=year)
    services.unpublish_year(actor=admin, calendar_year=year)
    services.remove_day(actor=admin, day=day)
    assert _actions() == [
        Action.WORKDAYS_YEAR_CREATE,
        Action.WORKDAYS_DAY_SET,
        Action.WORKDAYS_DAY_SET,
        Action.WORKDAYS_YEAR_PUBLISH,
        Action.WORKDAYS_YEAR_UNPUBLISH,
        Action.WORKDAYS_DAY_REMOVE,
    ]
    entries = list(AuditEntry.objects.order_by("pk"))
    assert {e.object_type for e in entries} == {"workdays.calendaryear"}
    assert {e.organisation_id for e in entries} == {admin.organisation_id}
    assert entries[2].changes["name"] == ["春节", "春节（初二）"]
    assert entries[5].changes["date"] == ["2027-02-08", None]
    year.refresh_from_db()
    assert year.updated_by == admin and not year.days.exists()


def test_another_province_admin_and_the_operator_edit_the_one_calendar(admin, hb_admin, operator):
    year = services.create_year(actor=admin, year=2027, source="测试")
    services.set_day(actor=hb_admin, calendar_year=year, day="2027-10-01", kind="holiday",
                     name="国庆节")  # fmt: skip
    services.publish_year(actor=operator, calendar_year=year)
    year.refresh_from_db()
    assert year.published and year.updated_by == operator


@pytest.mark.parametrize("who", ["reviewer", "filer", "agency_admin"])
def test_readers_cannot_edit(request, admin, who):
    user = request.getfixturevalue(who)
    year = services.create_year(actor=admin, year=2027, source="测试")
    day = services.set_day(actor=admin, calendar_year=year, day="2027-01-01", kind="holiday",
                           name="元旦")  # fmt: skip
    count = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        services.create_year(actor=user, year=2028, source="测试")
    with pytest.raises(PermissionDenied):
        services.set_day(actor=user, calendar_year=year, day="2027-01-04", kind="holiday",
                         name="x")  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.remove_day(actor=user, day=day)
    with pytest.raises(PermissionDenied):
        services.publish_year(actor=user, calendar_year=year)
    with pytest.raises(PermissionDenied):
        services.unpublish_year(actor=user, calendar_year=year)
    assert AuditEntry.objects.count() == count
    assert CalendarYear.objects.count() == 1 and CalendarDay.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"year": "二〇二七", "source": "x"}, "year"),  # full-width "２０２７" is read (#12)
        ({"year": "1999", "source": "x"}, "year"),
        ({"year": "2027", "source": "  "}, "source"),
        ({"year": "2027", "source": "通知\x07"}, "source"),
    ],
)
def test_create_year_refuses(admin, data, field):
    with pytest.raises(ValidationError) as caught:
        services.create_year(actor=admin, **data)
    assert field in caught.value.message_dict
    assert not AuditEntry.objects.exists()


def test_a_year_once(admin):
    services.create_year(actor=admin, year=2027, source="测试")
    with pytest.raises(ValidationError, match="2027年已在工作日历中"):
        services.create_year(actor=admin, year="2027", source="测试")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"day": "2028-01-01", "kind": "holiday", "name": "元旦"}, "date"),  # another year
        ({"day": "2027-02-30", "kind": "holiday", "name": "春节"}, "date"),
        ({"day": "2027/02/08", "kind": "holiday", "name": "春节"}, "date"),
        ({"day": "2027-02-08", "kind": "other", "name": "春节"}, "kind"),
        ({"day": "2027-02-08", "kind": "holiday", "name": " "}, "name"),  # a holiday is named
    ],
)
def test_set_day_refuses(admin, data, field):
    year = services.create_year(actor=admin, year=2027, source="测试")
    with pytest.raises(ValidationError) as caught:
        services.set_day(actor=admin, calendar_year=year, **data)
    assert field in caught.value.message_dict
    assert not year.days.exists()


def test_an_empty_year_is_not_published(admin):
    year = services.create_year(actor=admin, year=2027, source="测试")
    services.set_day(actor=admin, calendar_year=year, day="2027-01-09", kind="working")
    with pytest.raises(ValidationError, match="还没有录入任何放假日期"):
        services.publish_year(actor=admin, calendar_year=year)
    year.refresh_from_db()
    assert not year.published
    assert year.days.get().date == date(2027, 1, 9)
