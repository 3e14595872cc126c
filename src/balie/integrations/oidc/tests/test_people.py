# SPDX-License-Identifier: EUPL-1.2
from stdnum.be import nn

from balie.integrations.devidp.people import CITIZEN, CIVIL_SERVANT, PEOPLE


def test_every_fictional_national_number_has_valid_check_digits():
    """The booking form accepts them exactly as it would a real number."""
    invalid = [p.key for p in PEOPLE if not nn.is_valid(p.national_number)]

    assert invalid == []


def test_the_provider_offers_citizens_and_civil_servants_with_distinct_subjects():
    capacities = {person.capacity for person in PEOPLE}
    subjects = [person.sub for person in PEOPLE]

    assert capacities == {CITIZEN, CIVIL_SERVANT}
    assert len(set(subjects)) == len(subjects)
