"""The last-admin rule holds when two admins remove each other at the same moment: the
admin rows are locked together, so one removal waits and is then refused. PostgreSQL
only: SQLite's in-memory test database does not model concurrent writers."""

import threading

import pytest
from django.db import connection, connections

from certinum.accounts.models import OrganizationMembership, Role
from certinum.orga import services
from tests.conftest import make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
    ),
]


def run_together(*actions) -> list[object]:
    barrier = threading.Barrier(len(actions))
    outcomes: list[object] = []

    def run(action) -> None:
        try:
            barrier.wait()
            action()
            outcomes.append("done")
        except services.OrgaError as error:
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.parametrize("repeat", range(5))
def test_two_admins_removing_each_other_leave_one_admin(school, repeat):
    first, second = (
        OrganizationMembership.objects.create(
            user=make_user(f"admin{n}@college.example"), organization=school, role=Role.ADMIN
        )
        for n in (1, 2)
    )
    outcomes = run_together(
        lambda: services.membership_remove(membership=first),
        lambda: services.membership_remove(membership=second),
    )
    assert sorted(map(str, outcomes)) == [
        "L'organisation doit garder au moins un administrateur.",
        "done",
    ]
    assert OrganizationMembership.objects.filter(organization=school, role=Role.ADMIN).count() == 1


def test_two_admins_demoting_each_other_leave_one_admin(school):
    first, second = (
        OrganizationMembership.objects.create(
            user=make_user(f"admin{n}@college.example"), organization=school, role=Role.ADMIN
        )
        for n in (1, 2)
    )
    run_together(
        lambda: services.membership_role_change(membership=first, role=Role.MEMBER),
        lambda: services.membership_role_change(membership=second, role=Role.MEMBER),
    )
    assert OrganizationMembership.objects.filter(organization=school, role=Role.ADMIN).count() == 1
