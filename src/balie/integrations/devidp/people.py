# SPDX-License-Identifier: EUPL-1.2
"""Fictional people the development provider can log in as.

The national register numbers are made up but carry valid check digits (the tests verify
them with python-stdnum), so the booking form accepts them as it would a real one.
"""

from dataclasses import dataclass, field

CITIZEN = "BUR"
CIVIL_SERVANT = "LB"


@dataclass(frozen=True)
class FictionalPerson:
    key: str
    sub: str
    given_name: str
    family_name: str
    national_number: str
    capacity: str
    email: str = ""
    roles: tuple[str, ...] = field(default_factory=tuple)


PEOPLE: tuple[FictionalPerson, ...] = (
    FictionalPerson(
        key="lotte",
        sub="d3c1a0e6-0000-4000-8000-000000000001",
        given_name="Lotte",
        family_name="Janssens",
        national_number="85031412302",
        capacity=CITIZEN,
    ),
    FictionalPerson(
        key="ahmed",
        sub="d3c1a0e6-0000-4000-8000-000000000002",
        given_name="Ahmed",
        family_name="Peeters",
        national_number="92070724670",
        capacity=CITIZEN,
    ),
    FictionalPerson(
        key="noor",
        sub="d3c1a0e6-0000-4000-8000-000000000003",
        given_name="Noor",
        family_name="Vermeulen",
        national_number="03010208749",
        capacity=CITIZEN,
    ),
    FictionalPerson(
        key="sam",
        sub="d3c1a0e6-0000-4000-8000-000000000004",
        given_name="Sam",
        family_name="De Smet",
        national_number="78092531158",
        capacity=CIVIL_SERVANT,
        email="sam.desmet@gemeente.example",
    ),
    FictionalPerson(
        key="ilse",
        sub="d3c1a0e6-0000-4000-8000-000000000005",
        given_name="Ilse",
        family_name="Maes",
        national_number="88121104208",
        capacity=CIVIL_SERVANT,
        email="ilse.maes@gemeente.example",
    ),
)


def get_person(*, key: str) -> FictionalPerson | None:
    return next((person for person in PEOPLE if person.key == key), None)


def get_person_by_sub(*, sub: str) -> FictionalPerson | None:
    return next((person for person in PEOPLE if person.sub == sub), None)
