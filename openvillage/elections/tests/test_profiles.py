"""Profiles are data (elections.md §A.12, §B) and shares are integer comparisons (C1, C2)."""

from __future__ import annotations

import pytest
from django.utils import translation

from openvillage.core import rulesets
from openvillage.core.errors import InvalidInput
from openvillage.core.schemas import ConfigInvalid
from openvillage.elections.rules.profiles import (
    PROFILES,
    PROFILES_PATH,
    Share,
    get_profile,
    load_profiles,
    profile_names,
)


@pytest.mark.parametrize(
    ("share", "part", "whole", "met"),
    [
        ("more_than 1/2", 311, 620, True),  # C2 过半数: 2*311 > 620
        ("more_than 1/2", 310, 620, False),  # exactly half is not more than half
        ("more_than 1/2", 3, 5, True),  # five votes need three to win
        ("more_than 1/2", 2, 5, False),
        ("at_least 1/3", 200, 600, True),  # C2 不少于三分之一: 3*200 >= 600
        ("at_least 1/3", 199, 600, False),
        ("more_than 4/5", 25, 30, True),  # P7: 5*25 > 4*30
        ("more_than 4/5", 24, 30, False),
        ("at_least 1/5", 1, 5, True),  # P9: 5*1 >= 5
        ("at_least 1/5", 1, 7, False),
        ("more_than 0/1", 1, 3, True),  # V15: candidates - seats > 0
        ("more_than 0/1", 0, 3, False),
    ],
)
def test_a_share_is_met_exactly_as_the_civil_code_counting_words_say(share, part, whole, met):
    assert Share.parse(share).met(part, whole) is met


@pytest.mark.parametrize(
    ("share", "whole", "least"),
    [
        ("more_than 1/2", 5, 3),
        ("more_than 1/2", 4, 3),
        ("more_than 1/2", 620, 311),
        ("more_than 1/2", 700, 351),
        ("more_than 1/2", 0, 1),
        ("at_least 1/3", 600, 200),
        ("at_least 1/3", 601, 201),
        ("at_least 1/3", 0, 0),
        ("more_than 4/5", 30, 25),
        ("at_least 1/5", 7, 2),
    ],
)
def test_the_least_part_meeting_a_share_is_found_without_division(share, whole, least):
    parsed = Share.parse(share)
    assert parsed.least(whole) == least
    assert parsed.met(least, whole)
    assert least == 0 or not parsed.met(least - 1, whole)


@pytest.mark.parametrize("text", ["half", "more_than 1/0", "over 1/2", "at_least -1/3"])
def test_a_malformed_share_in_a_profile_is_refused(text):
    with pytest.raises(ValueError):
        Share.parse(text)


def test_the_four_bundled_profiles_are_national_and_three_provinces():
    assert profile_names() == ("beijing", "national", "shanghai", "zhejiang")


def test_national_profile_holds_the_statutory_and_platform_default_values():
    rules = get_profile("national").villagers_committee
    assert str(rules.turnout) == "more_than 1/2"  # V28
    assert str(rules.threshold) == "more_than 1/2"  # V34
    assert rules.threshold_base == "ballots_collected"  # V34 platform default
    assert str(rules.additional_threshold) == "at_least 1/3"  # V42
    assert rules.additional_turnout is None  # V43
    assert rules.cross_post_mark == "invalid_ballot"  # V31
    party = get_profile("national").party_branch
    assert str(party.quorum) == "more_than 4/5"  # P7
    assert str(party.candidate_surplus) == "at_least 1/5"  # P9
    assert party.threshold_base == "should_attend"  # P12


def test_a_province_inherits_what_its_measures_leave_silent():
    national = get_profile("national")
    for name in ("zhejiang", "shanghai", "beijing"):
        profile = get_profile(name)
        assert profile.party_branch == national.party_branch
        assert profile.villagers_committee.threshold == national.villagers_committee.threshold


def test_zhejiang_lists_the_women_member_post_separately():
    assert get_profile("zhejiang").villagers_committee.women_post_separate is True
    assert get_profile("national").villagers_committee.women_post_separate is False


def test_an_unknown_profile_is_invalid_input_naming_the_field():
    with pytest.raises(InvalidInput) as caught:
        get_profile("guangdong")
    assert caught.value.field == "profile"
    assert "guangdong" in str(caught.value)


def test_a_profile_file_with_an_unknown_key_is_refused(tmp_path):
    path = tmp_path / "profiles.yaml"
    path.write_text(
        "national:\n"
        "  villagers_committee: {threshold: more_than 1/2, quorom: more_than 1/2}\n"
        "  party_branch: {}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="quorom"):
        load_profiles(path)


def test_a_province_file_can_override_one_key_and_keep_the_rest(tmp_path):
    bundled = PROFILES_PATH.read_text(encoding="utf-8")
    path = tmp_path / "profiles.yaml"
    path.write_text(
        bundled + "\nsomewhere:\n  extends: national\n  villagers_committee:\n"
        "    threshold_base: voters_voted\n",
        encoding="utf-8",
    )
    profiles = load_profiles(path)
    assert profiles["somewhere"].villagers_committee.threshold_base == "voters_voted"
    assert profiles["somewhere"].villagers_committee.turnout == Share(1, 2, False)


def test_a_bad_profile_file_names_the_file_and_the_path_of_every_fault(tmp_path):
    path = tmp_path / "guangdong.yaml"
    path.write_text(
        "national:\n"
        "  villagers_committee:\n"
        "    threshold: half\n"
        "    threshold_base: present\n"
        "    vacancy_min_elected: '3'\n"
        "  party_branch: {}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigInvalid) as refused:
        load_profiles(path)
    lines = set(refused.value.lines())
    assert lines == {
        "guangdong.yaml, national.villagers_committee.threshold: Must be a share written as"
        " more_than N/D or at_least N/D, not half.",
        "guangdong.yaml, national.villagers_committee.threshold_base: Must be one of:"
        " 'ballots_collected', 'voters_voted'.",
        "guangdong.yaml, national.villagers_committee.vacancy_min_elected: Must be a whole number.",
    }
    with translation.override("zh-hans"):
        chinese = refused.value.translated()
    assert chinese.startswith("guangdong.yaml，national.villagers_committee.threshold 处：")
    assert "不能是 half" in chinese


def test_a_profile_missing_a_key_after_inheritance_or_extending_nothing_is_refused(tmp_path):
    path = tmp_path / "profiles.yaml"
    path.write_text(
        PROFILES_PATH.read_text(encoding="utf-8")
        + "\nlonely:\n  villagers_committee: {threshold: more_than 1/2}\n"
        + "\norphan:\n  extends: nowhere\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigInvalid) as refused:
        load_profiles(path)
    paths = {fault.path for fault in refused.value.faults}
    assert "lonely.villagers_committee.threshold_base" in paths
    assert "lonely.party_branch.threshold" in paths
    assert "orphan.extends" in paths


def test_the_profiles_are_a_versioned_rule_set_read_from_the_shipped_file_until_one_is_loaded(
    db, cast
):
    assert rulesets.current(PROFILES).pk is None
    assert rulesets.current_parsed(PROFILES)["zhejiang"].villagers_committee.relative_avoidance
    text = PROFILES_PATH.read_text(encoding="utf-8").replace(
        "relative_avoidance: true            # V39, zhejiang Art. 31",
        "relative_avoidance: false",
    )
    stored = rulesets.install(PROFILES, text, file="profiles.yaml", actor=cast["alice"])
    assert stored.version == stored.sha256[:12] and stored.region == "default"
    assert not rulesets.current_parsed(PROFILES)["zhejiang"].villagers_committee.relative_avoidance
