"""Two decisions about one credit code at the same moment (PostgreSQL: row locks). They queue up
in the lock order of tanhe.accounts.opening: one opens the account, the other is told why not —
never a deadlock, never a second enterprise."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tanhe.accounts import activation, enrolment
from tanhe.accounts.contact import ContactDetails
from tanhe.accounts.models import Organisation, User

from .conftest import JS_CODE, NEW_CODE, PASSWORD, apply_for

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are PostgreSQL's (SQLite locks the file)"
)


def _race(*actions):
    """Run the actions in threads released together; their outcomes in order."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[object] = [None] * len(actions)

    def run(index, action):
        from django.db import connections

        try:
            barrier.wait()
            outcomes[index] = action()
        except Exception as exc:  # the outcome under test
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_approvals_for_one_new_code(js, reviewer, js_admin, flushable):
    first = apply_for(js)
    second = apply_for(js, name="另一家", email="b@example.com")

    outcomes = _race(
        lambda: enrolment.approve_registration(actor=reviewer, registration=first),
        lambda: enrolment.approve_registration(actor=js_admin, registration=second),
    )

    opened = [o for o in outcomes if isinstance(o, User)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(opened) == 1 and len(refused) == 1, outcomes
    assert "已处理" in refused[0].messages[0]
    assert Organisation.objects.filter(credit_code=NEW_CODE).count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_approval_and_an_activation_at_once(listed, js, reviewer, flushable):
    claim = apply_for(js, credit_code=JS_CODE)
    issued = activation.issue_activation_code(actor=reviewer, enterprise=listed)
    contact = ContactDetails("钱厂长", "13912345678", "q@example.cn")

    outcomes = _race(
        lambda: enrolment.approve_registration(actor=reviewer, registration=claim),
        lambda: activation.activate_account(
            credit_code=JS_CODE, activation_code=issued.plaintext, contact=contact,
            password=PASSWORD,
        ),
    )  # fmt: skip

    assert sum(isinstance(o, User) for o in outcomes) == 1, outcomes
    assert all(isinstance(o, User | ValidationError) for o in outcomes), outcomes
    assert User.objects.filter(organisation=listed, is_enterprise_account=True).count() == 1
