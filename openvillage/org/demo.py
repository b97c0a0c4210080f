"""The fictional demo county: towns, villages, party organizations, two committees, the roll.

Everything comes from one ``random.Random(seed)``, so the same seed gives the same county, the
same people and the same staff passwords. The county is made up (清溪县, "Qingxi County
(fictional)") and sits under the division-code prefix 99, which no real province has; ID numbers
are valid GB 11643 numbers under the address prefix 99xxxx and are stored, like any other, only as
a keyed hash and a masked form (core.idnumbers). The demo is for trial only: its staff passwords
are printed and predictable.

Rows are built in memory and written with ``bulk_create`` inside one transaction (a service call
per row would take minutes at county scale); one audit row ``org.demo`` records the load. The
benchmarks (bench/generate.py) call :func:`build_demo` with larger parameters.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from openvillage.core.audit import audit_log
from openvillage.core.idnumbers import id_hash
from openvillage.core.masking import id_check_character, mask_id_number
from openvillage.core.roles import Role
from openvillage.org.models import (
    Body,
    DispatchedCadre,
    DispatchKind,
    Education,
    EndReason,
    Gender,
    Household,
    PartyOrganization,
    PartyOrgKind,
    PartyStatus,
    Person,
    PostKind,
    Registration,
    Relation,
    ReserveCadre,
    ReserveSource,
    RollEntry,
    Term,
    Unit,
    UnitKind,
)
from openvillage.org.services import unit_path

COUNTY_CODE = "990100000000"
COUNTY_STEM = "清溪县"
COUNTY_NAME = "清溪县（虚构）"
COUNTY_LABEL = "Qingxi County (fictional)"
# Ages are computed on a fixed day, not today, so that a seed gives the same people every year.
REFERENCE_DAY = date(2026, 1, 1)
ELECTION_DAY = date(2021, 1, 15)  # the last general election of the two committees
PREVIOUS_ELECTION_DAY = date(2016, 1, 15)
BATCH = 500

PLACE_SYLLABLES = (
    "清溪桃李杨柳河山石桥林泉安丰和平兴隆福寿宁东西南北上下新高马龙凤鹤云峰岭湾坪塘坝岗"
    "庄集营金银玉竹梅松杏花水田沙白红青黄长永太吉乐顺春秋双三五官柏槐枣杜蒲荷莲茶"
)
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛"
)
MALE_GIVEN = "伟强军勇杰涛明超建国平志刚斌辉林东海峰鹏波宇浩俊磊文永全发德成福贵富山忠兵权树"
FEMALE_GIVEN = "芳娜敏静丽艳娟霞燕玲婷秀英兰梅琴雪慧颖洁萍红云莉桂凤珍玉翠春花佳倩媛琳月"
SHARED_GIVEN = "晓春丹欣子雨思嘉安宁红新金小"
SENDING_ORGANIZATIONS = (
    "农业农村局",
    "财政局",
    "人民医院",
    "交通运输局",
    "教育局",
    "自然资源局",
    "供电公司",
    "农商银行",
    "水利局",
    "民政局",
)
CADRE_EDUCATION = (
    (Education.JUNIOR, 15),
    (Education.SENIOR, 35),
    (Education.COLLEGE, 30),
    (Education.BACHELOR, 18),
    (Education.POSTGRADUATE, 2),
)
VILLAGER_EDUCATION = (
    (Education.PRIMARY, 22),
    (Education.JUNIOR, 40),
    (Education.SENIOR, 20),
    (Education.COLLEGE, 10),
    (Education.BACHELOR, 7),
    (Education.POSTGRADUATE, 1),
)
REGISTRATIONS = (
    (Registration.REGISTERED_RESIDENT, 76),
    (Registration.REGISTERED_AWAY, 20),
    (Registration.RESIDENT_UNREGISTERED, 4),
)
HOUSEHOLD_SIZES = ((2, 25), (3, 35), (4, 25), (5, 15))
# Where each staff account sits: (username = role, unit key). "village" is village 1 of town 1.
STAFF = (
    (Role.COUNTY_ADMIN, "county"),
    (Role.COUNTY_SUPERVISOR, "county"),
    (Role.TOWN_OFFICER, "town"),
    (Role.VILLAGE_CLERK, "village"),
    (Role.VILLAGE_SECRETARY, "village"),
    (Role.SUPERVISION_MEMBER, "village"),
    (Role.ELECTION_OBSERVER, "town"),
    (Role.LEGAL_ADVISER, "village"),
    (Role.CAMPAIGN_WORKING_GROUP, "town"),
    (Role.COUNTY_DISCIPLINE, "county"),
    (Role.COUNTY_CIVIL_AFFAIRS, "county"),
    (Role.COUNTY_FINANCE, "county"),
    (Role.COUNTY_AGRICULTURE, "county"),
    (Role.PARTY_MEMBER, "village"),
)
#: Fictional names of the demo staff (the secretary is the first village's), shown in the console
#: and the audit log instead of the sign-in name.
STAFF_NAMES = {
    Role.COUNTY_ADMIN: "周建国",
    Role.COUNTY_SUPERVISOR: "吴秀英",
    Role.TOWN_OFFICER: "郑海波",
    Role.VILLAGE_CLERK: "孙丽华",
    Role.SUPERVISION_MEMBER: "冯志强",
    Role.ELECTION_OBSERVER: "陈静",
    Role.LEGAL_ADVISER: "何立新",
    Role.CAMPAIGN_WORKING_GROUP: "蒋卫东",
    Role.COUNTY_DISCIPLINE: "韩正明",
    Role.COUNTY_CIVIL_AFFAIRS: "罗淑芬",
    Role.COUNTY_FINANCE: "唐国庆",
    Role.COUNTY_AGRICULTURE: "许春生",
    Role.PARTY_MEMBER: "曹秀兰",
}
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 (letters, not a password)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    unit_code: str
    unit_name: str
    password: str


@dataclass
class DemoResult:
    county: Unit
    accounts: list[DemoAccount]
    counts: dict[str, int]
    seconds: float
    # A few clear ID numbers, kept in memory only, so that tests can check none reached a table.
    id_numbers_sample: list[str] = field(default_factory=list, repr=False)


def weighted(rng: random.Random, table: tuple[tuple[Any, int], ...]) -> Any:
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights)[0]


def birth_for_age(rng: random.Random, age: int) -> date:
    """A birth date that makes someone ``age`` years old on the reference day."""
    return date.fromordinal(REFERENCE_DAY.toordinal() - age * 365 - age // 4 - rng.randrange(365))


def age_of(birth: date) -> int:
    day = REFERENCE_DAY
    return day.year - birth.year - int((day.month, day.day) < (birth.month, birth.day))


def staff_password(seed: int, role: str) -> str:
    """The demo password of a role: predictable from the seed, printed by `openvillage demo`."""
    rng = random.Random(f"openvillage-demo-password-{seed}-{role}")
    return f"demo-{role}-" + "".join(rng.choice(PASSWORD_ALPHABET) for _ in range(4))


class _Names:
    """Made-up place names (unique in the county) and people's names."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = {COUNTY_STEM[:2]}

    def place_stem(self) -> str:
        while True:
            stem = "".join(self.rng.sample(PLACE_SYLLABLES, 2))
            if stem not in self.used:
                self.used.add(stem)
                return stem

    def given(self, gender: str) -> str:
        own = MALE_GIVEN if gender == Gender.MALE else FEMALE_GIVEN
        pool = own * 3 + SHARED_GIVEN
        if self.rng.random() < 0.35:
            return self.rng.choice(own)
        return self.rng.choice(pool) + self.rng.choice(own)

    def person(self, gender: str, surname: str | None = None) -> str:
        return (surname or self.rng.choice(SURNAMES)) + self.given(gender)


class _IdNumbers:
    """Valid GB 11643 numbers under 99xxxx, each issued once."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.next_seq: dict[tuple[str, date, str], int] = {}
        self.sample: list[str] = []

    def issue(self, birth: date, gender: str) -> str:
        # Most people were first registered in the county (990101); some came from elsewhere.
        address = "990101" if self.rng.random() < 0.8 else f"99{self.rng.randrange(2, 40):02d}01"
        key = (address, birth, gender)
        n = self.next_seq.get(key, self.rng.randrange(60))
        self.next_seq[key] = n + 1
        seq = 2 * n + (1 if gender == Gender.MALE else 0)  # odd for men, even for women
        first17 = f"{address}{birth:%Y%m%d}{seq:03d}"
        number = first17 + id_check_character(first17)
        if len(self.sample) < 50:
            self.sample.append(number)
        return number


def build_demo(
    seed: int = 2026, villages: int = 200, households_per_village: int = 40
) -> DemoResult:
    """Create the fictional demo county in one transaction and return its accounts and counts."""
    started = time.perf_counter()
    with transaction.atomic():
        builder = _Builder(seed, villages, households_per_village)
        builder.build()
        accounts = builder.staff_accounts()
        audit_log(
            actor="demo",
            action="org.demo.build",
            obj=builder.county,
            unit_path=builder.county.path,
            changes={name: [None, n] for name, n in builder.counts.items()},
            note=f"Fictional demo county for trial only ({COUNTY_LABEL}), seed {seed}.",
        )
    return DemoResult(
        county=builder.county,
        accounts=accounts,
        counts=dict(builder.counts),
        seconds=time.perf_counter() - started,
        id_numbers_sample=builder.ids.sample,
    )


@dataclass
class _Village:
    unit: Unit
    town_index: int
    households: int
    org: PartyOrganization | None = None
    branches: list[PartyOrganization] = field(default_factory=list)


class _Builder:
    def __init__(self, seed: int, villages: int, households_per_village: int) -> None:
        if villages < 1 or households_per_village < 1:
            raise ValueError("The demo needs at least one village and one household per village.")
        self.seed = seed
        self.rng = random.Random(seed)
        self.names = _Names(self.rng)
        self.ids = _IdNumbers(self.rng)
        self.n_villages = villages
        self.households_per_village = households_per_village
        self.counts: dict[str, int] = defaultdict(int)
        self.county: Unit
        self.first_village: Unit
        self.first_town: Unit
        self.first_secretary_name = ""
        self._pending = _Pending()

    # --- units and party organizations -------------------------------------------------------

    def build(self) -> None:
        self.county = Unit.objects.create(
            code=COUNTY_CODE,
            name=COUNTY_NAME,
            level="county",
            kind=UnitKind.COUNTY,
            parent=None,
            path=unit_path(COUNTY_CODE, None),
        )
        county_org = PartyOrganization.objects.create(
            unit=self.county, kind=PartyOrgKind.PARTY_COMMITTEE, name=f"中共{COUNTY_STEM}委员会"
        )
        self.counts["units"] += 1
        self.counts["party_organizations"] += 1
        sizes = self._town_sizes()
        towns = self._towns(len(sizes))
        town_orgs = self._bulk(
            PartyOrganization,
            [
                PartyOrganization(
                    unit=t,
                    kind=PartyOrgKind.PARTY_COMMITTEE,
                    name=f"中共{t.name}委员会",
                    parent=county_org,
                )
                for t in towns
            ],
            "party_organizations",
        )
        self.first_town = towns[0]
        for index, (town, org, size) in enumerate(zip(towns, town_orgs, sizes, strict=True), 1):
            village_list = self._villages(town, index, size, org)
            if index == 1:
                self.first_village = village_list[0].unit
            # One town at a time: memory stays bounded at benchmark scale.
            for village in village_list:
                self._village_people(village)
            self._flush()

    def _town_sizes(self) -> list[int]:
        """About 20 villages a town (10 towns for 200), unevenly spread, at least one each."""
        n_towns = max(2, min(99, round(self.n_villages / 20))) if self.n_villages > 1 else 1
        weights = [self.rng.uniform(0.6, 1.4) for _ in range(n_towns)]
        spare = self.n_villages - n_towns
        sizes = [1 + int(spare * w / sum(weights)) for w in weights]
        for i in range(self.n_villages - sum(sizes)):
            sizes[i % n_towns] += 1
        return sizes

    def _towns(self, n: int) -> list[Unit]:
        towns = []
        for i in range(1, n + 1):
            code = f"990100{i:03d}000"
            # Town 2 (and town 3 for half of the seeds) is a sub-district (街道) by the county seat.
            street = i == 2 or (i == 3 and self.rng.random() < 0.5)
            suffix, kind = ("街道", UnitKind.STREET) if street else ("镇", UnitKind.TOWN)
            name = self.names.place_stem() + suffix
            towns.append(
                Unit(
                    code=code,
                    name=name,
                    level="town",
                    kind=kind,
                    parent=self.county,
                    path=unit_path(code, self.county),
                )
            )
        return self._bulk(Unit, towns, "units")

    def _villages(
        self, town: Unit, town_index: int, size: int, town_org: PartyOrganization
    ) -> list[_Village]:
        units, plans = [], []
        for j in range(1, size + 1):
            code = f"{town.code[:9]}{j:03d}"
            community = (town.kind == UnitKind.STREET and self.rng.random() < 0.6) or (
                j == 1 and town.kind == UnitKind.TOWN and self.rng.random() < 0.3
            )
            suffix, kind = ("社区", UnitKind.COMMUNITY) if community else ("村", UnitKind.VILLAGE)
            unit = Unit(
                code=code,
                name=self.names.place_stem() + suffix,
                level="village",
                kind=kind,
                parent=town,
                path=unit_path(code, town),
            )
            households = max(1, round(self.households_per_village * self.rng.uniform(0.7, 1.3)))
            units.append(unit)
            plans.append(_Village(unit, town_index, households))
        self._bulk(Unit, units, "units")
        self._party_organizations(plans, town_org)
        return plans

    def _party_organizations(self, plans: list[_Village], town_org: PartyOrganization) -> None:
        """A party branch each; the biggest villages a general branch, a few a party committee."""
        ranked = sorted(plans, key=lambda p: -p.households)
        kinds: dict[str, str] = {}
        for rank, plan in enumerate(ranked):
            share = rank / len(ranked)
            kind = PartyOrgKind.PARTY_BRANCH
            if share < 0.04 and len(ranked) >= 10:
                kind = PartyOrgKind.PARTY_COMMITTEE
            elif share < 0.2:
                kind = PartyOrgKind.GENERAL_BRANCH
            kinds[plan.unit.code] = kind
        suffix = {
            PartyOrgKind.PARTY_BRANCH: "支部委员会",
            PartyOrgKind.GENERAL_BRANCH: "总支部委员会",
            PartyOrgKind.PARTY_COMMITTEE: "委员会",
        }
        orgs = [
            PartyOrganization(
                unit=p.unit,
                kind=kinds[p.unit.code],
                name=f"中共{p.unit.name}{suffix[kinds[p.unit.code]]}",
                parent=town_org,
            )
            for p in plans
        ]
        self._bulk(PartyOrganization, orgs, "party_organizations")
        children = []
        for plan, org in zip(plans, orgs, strict=True):
            plan.org = org
            if org.kind != PartyOrgKind.PARTY_BRANCH:
                for k in range(self.rng.randint(2, 4)):
                    above = "党总支" if org.kind == PartyOrgKind.GENERAL_BRANCH else "党委"
                    children.append(
                        PartyOrganization(
                            unit=plan.unit,
                            kind=PartyOrgKind.PARTY_BRANCH,
                            name=f"{plan.unit.name}{above}第{'一二三四'[k]}党支部",
                            parent=org,
                        )
                    )
        children = self._bulk(PartyOrganization, children, "party_organizations")
        for child in children:
            next(p for p in plans if p.org is child.parent).branches.append(child)

    # --- people, households and the roll ------------------------------------------------------

    def _village_people(self, plan: _Village) -> None:
        village = plan.unit
        surnames = self.rng.sample(SURNAMES, 3)  # a few big families in every village
        people: list[Person] = []
        households: list[Household] = []
        roll: list[tuple[int, int, str, str]] = []  # household index, person index, relation, reg
        groups = max(1, plan.households // 15)
        for h in range(1, plan.households + 1):
            group = f"第{1 + (h - 1) * groups // plan.households}村民小组"
            households.append(
                Household(
                    village=village,
                    number=f"{h:03d}",
                    village_group=group,
                    address=f"{village.name}{group}{h}号",
                )
            )
            for relation, person in self._household_members(village, surnames):
                roll.append((h - 1, len(people), relation, weighted(self.rng, REGISTRATIONS)))
                people.append(person)
        self._party_members(plan, people)
        team = _Team(self, plan, people)
        team.choose()
        self._pending.households += households
        self._pending.people += people
        self._pending.roll += [(households[h], people[p], rel, reg) for h, p, rel, reg in roll]
        self._pending.extra_people += team.extra_people
        self._pending.terms += team.terms
        self._pending.reserve += team.reserve
        self._pending.dispatched += self._dispatched(village)
        if village == self.first_village:
            self.first_secretary_name = team.secretary.name

    def _person(self, village: Unit, gender: str, age: int, surname: str | None = None) -> Person:
        birth = birth_for_age(self.rng, age)
        number = self.ids.issue(birth, gender)
        education = ""
        if age >= 7:
            education = weighted(self.rng, VILLAGER_EDUCATION) if age >= 18 else Education.PRIMARY
            if 12 <= age < 18:
                education = Education.JUNIOR
        return Person(
            village=village,
            name=self.names.person(gender, surname),
            gender=gender,
            birth_date=birth,
            education=education,
            id_hash=id_hash(number),
            id_masked=mask_id_number(number),
        )

    def _household_members(self, village: Unit, surnames: list[str]) -> list[tuple[str, Person]]:
        rng = self.rng
        size = weighted(rng, HOUSEHOLD_SIZES)
        family = rng.choice(surnames) if rng.random() < 0.6 else rng.choice(SURNAMES)
        head_gender = Gender.MALE if rng.random() < 0.8 else Gender.FEMALE
        head_age = rng.randint(28, 78)
        members = [(Relation.HEAD, self._person(village, head_gender, head_age, family))]
        other = Gender.FEMALE if head_gender == Gender.MALE else Gender.MALE
        if rng.random() < 0.85:
            age = max(22, head_age + rng.randint(-5, 4))
            members.append((Relation.SPOUSE, self._person(village, other, age)))
        child_gender = rng.choice((Gender.MALE, Gender.FEMALE))
        if len(members) < size and head_age >= 55 and rng.random() < 0.5:
            child_age = head_age - rng.randint(24, 32)
            members.append((Relation.CHILD, self._person(village, child_gender, child_age, family)))
            if len(members) < size:
                in_law = Gender.FEMALE if child_gender == Gender.MALE else Gender.MALE
                age = max(22, child_age + rng.randint(-4, 4))
                members.append((Relation.CHILD_IN_LAW, self._person(village, in_law, age)))
            while len(members) < size:
                age = max(0, child_age - rng.randint(22, 32))
                g = rng.choice((Gender.MALE, Gender.FEMALE))
                members.append((Relation.GRANDCHILD, self._person(village, g, age, family)))
        if len(members) < size and head_age <= 45 and rng.random() < 0.35:
            age = min(92, head_age + rng.randint(22, 32))
            members.append((Relation.PARENT, self._person(village, other, age)))
        while len(members) < size:
            age = max(0, head_age - rng.randint(20, 36))
            g = rng.choice((Gender.MALE, Gender.FEMALE))
            members.append((Relation.CHILD, self._person(village, g, age, family)))
        return members

    def _party_members(self, plan: _Village, people: list[Person]) -> None:
        """About one adult in fifteen is a party member; a few are still probationary."""
        for person in people:
            if age_of(person.birth_date) >= 19 and self.rng.random() < 0.065:
                self.make_party_member(plan, person)

    def make_party_member(self, plan: _Village, person: Person) -> None:
        if person.party_status != PartyStatus.NONE:
            return
        eighteen = person.birth_date.replace(year=person.birth_date.year + 18, day=1)
        latest = date(2024, 12, 31)
        if eighteen < latest and self.rng.random() < 0.95:
            span = (latest - eighteen).days
            person.party_status = PartyStatus.FULL
            person.party_joined_on = eighteen + timedelta(days=self.rng.randrange(span))
        else:
            person.party_status = PartyStatus.PROBATIONARY
            person.party_joined_on = date(2025, 1, 1) + timedelta(days=self.rng.randrange(360))
        person.party_organization = self.rng.choice(plan.branches) if plan.branches else plan.org

    def _dispatched(self, village: Unit) -> list[DispatchedCadre]:
        """A first secretary in about one village in five; a work team in a few."""
        rng = self.rng
        cadres = []

        def cadre(kind: str, start: date, end: date | None) -> DispatchedCadre:
            gender = Gender.MALE if rng.random() < 0.75 else Gender.FEMALE
            return DispatchedCadre(
                village=village,
                name=self.names.person(gender),
                gender=gender,
                kind=kind,
                sending_organization=COUNTY_STEM + rng.choice(SENDING_ORGANIZATIONS),
                started_on=start,
                ended_on=end,
            )

        if rng.random() < 0.2:
            start = date(2021, 6, 1) + timedelta(days=rng.randrange(900))
            cadres.append(cadre(DispatchKind.FIRST_SECRETARY, start, None))
            if rng.random() < 0.4:
                earlier = date(2019, 3, 1) + timedelta(days=rng.randrange(300))
                cadres.append(
                    cadre(DispatchKind.FIRST_SECRETARY, earlier, start - timedelta(days=1))
                )
        if rng.random() < 0.08:
            start = date(2023, 3, 1) + timedelta(days=rng.randrange(400))
            cadres += [cadre(DispatchKind.WORK_TEAM, start, None) for _ in range(2)]
        return cadres

    # --- writing ------------------------------------------------------------------------------

    def _flush(self) -> None:
        """Write the people, households, roll and terms collected so far, then forget them."""
        pending = self._pending
        self._bulk(Household, pending.households, "households")
        self._bulk(Person, pending.people + pending.extra_people, "people")
        self._bulk(
            RollEntry,
            [
                RollEntry(household=h, person=p, relation=rel, registration=reg)
                for h, p, rel, reg in pending.roll
            ],
            "roll_entries",
        )
        self._bulk(Term, pending.terms, "terms")
        self._bulk(ReserveCadre, pending.reserve, "reserve_cadres")
        self._bulk(DispatchedCadre, pending.dispatched, "dispatched_cadres")
        self._pending = _Pending()

    def _bulk(self, model: type, rows: list, counter: str) -> list:
        # bulk_create copies the ids of related rows saved since (people into terms) and, on
        # SQLite 3.35+ and PostgreSQL, sets the ids of the new rows.
        created = model.objects.bulk_create(rows, batch_size=BATCH)
        self.counts[counter] += len(created)
        return created

    def staff_accounts(self) -> list[DemoAccount]:
        """One staff account per role, with a password derived from the seed."""
        user_model = get_user_model()  # accounts sits above org: no import of its models
        units = {"county": self.county, "town": self.first_town, "village": self.first_village}
        accounts, users = [], []
        for role, where in STAFF:
            unit = units[where]
            password = staff_password(self.seed, role)
            secretary = self.first_secretary_name if role == Role.VILLAGE_SECRETARY else ""
            full_name = STAFF_NAMES.get(role, secretary)
            user = user_model(username=str(role), role=role, unit=unit, first_name=full_name)
            user.set_password(password)
            users.append(user)
            accounts.append(DemoAccount(str(role), str(role), unit.code, unit.name, password))
        self._bulk(user_model, users, "staff_accounts")
        return accounts


@dataclass
class _Pending:
    households: list[Household] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    extra_people: list[Person] = field(default_factory=list)
    roll: list[tuple[Household, Person, str, str]] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    reserve: list[ReserveCadre] = field(default_factory=list)
    dispatched: list[DispatchedCadre] = field(default_factory=list)


class _Team:
    """The party organization committee, the villagers' committee and the supervision committee
    of one village, with the terms before the 2021 election and a few changes since."""

    def __init__(self, builder: _Builder, plan: _Village, people: list[Person]) -> None:
        self.b = builder
        self.rng = builder.rng
        self.plan = plan
        self.pool = [p for p in people if 28 <= age_of(p.birth_date) <= 62]
        self.rng.shuffle(self.pool)
        self.young = [p for p in people if 22 <= age_of(p.birth_date) <= 40]
        self.extra_people: list[Person] = []
        self.terms: list[Term] = []
        self.reserve: list[ReserveCadre] = []
        self.secretary: Person

    def take(self, gender: str | None = None) -> Person:
        """Someone aged 28-62 from the village who holds no post yet (of a gender if asked)."""
        for i, person in enumerate(self.pool):
            if gender is None or person.gender == gender:
                return self.pool.pop(i)
        # A tiny village: register one more person (not on the roll) to fill the seat.
        person = self.b._person(self.plan.unit, gender or Gender.MALE, self.rng.randint(30, 55))
        self.extra_people.append(person)
        return person

    def take_group(self, n: int, need_woman: bool) -> list[Person]:
        group = [self.take(Gender.FEMALE)] if need_woman and n else []
        group += [self.take() for _ in range(n - len(group))]
        self.rng.shuffle(group)
        return group

    def as_cadre(self, person: Person, party: bool) -> Person:
        person.education = weighted(self.rng, CADRE_EDUCATION)
        if party:
            self.b.make_party_member(self.plan, person)
        return person

    def term(self, person: Person, body: str, post: str, start: date, end=None, reason="") -> None:
        self.terms.append(
            Term(
                village=self.plan.unit,
                person=person,
                body=body,
                post=post,
                started_on=start,
                ended_on=end,
                end_reason=reason,
            )
        )

    def choose(self) -> None:
        rng = self.rng
        concurrent = rng.random() < 0.35  # secretary and director in one person
        branch_size, committee_size = rng.randint(3, 5), rng.randint(3, 7)
        self.secretary = self.take(Gender.MALE if rng.random() < 0.85 else Gender.FEMALE)
        branch = [self.secretary, *self.take_group(branch_size - 1, rng.random() < 0.8)]
        for person in branch:
            self.as_cadre(person, party=True)
        director = (
            self.secretary
            if concurrent
            else self.take(Gender.MALE if rng.random() < 0.85 else Gender.FEMALE)
        )
        # Up to two branch members also sit on the villagers' committee, leaving at least one
        # seat for a newcomer so that the committee can always include a woman.
        cross = rng.sample(branch[1:], rng.randint(0, min(2, branch_size - 1, committee_size - 2)))
        fresh = committee_size - 1 - len(cross)
        has_woman = any(p.gender == Gender.FEMALE for p in [director, *cross])
        others = [*cross, *self.take_group(fresh, not has_woman)]
        for person in [director, *others]:
            if person not in branch:
                self.as_cadre(person, party=rng.random() < 0.5)
        supervision = self.take_group(3, rng.random() < 0.8)
        for k, person in enumerate(supervision):
            self.as_cadre(person, party=rng.random() < (0.7 if k == 0 else 0.3))
        seats = [
            (
                Body.BRANCH_COMMITTEE,
                self.posts(branch, PostKind.SECRETARY, PostKind.DEPUTY_SECRETARY),
            ),
            (
                Body.VILLAGERS_COMMITTEE,
                self.posts([director, *others], PostKind.DIRECTOR, PostKind.DEPUTY_DIRECTOR),
            ),
            (Body.SUPERVISION_COMMITTEE, self.posts(supervision, PostKind.CHAIR, None)),
        ]
        for body, posts in seats:
            for person, post in posts:
                self.history(person, body, post)
        self.reserves()

    def posts(self, people: list[Person], head: str, deputy: str | None) -> list[tuple]:
        posts = [(people[0], head)]
        for k, person in enumerate(people[1:]):
            has_deputy = deputy and k == 0 and (len(people) >= 4 or self.rng.random() < 0.5)
            posts.append((person, deputy if has_deputy else PostKind.COMMITTEE_MEMBER))
        return posts

    def history(self, person: Person, body: str, post: str) -> None:
        """The current term from the 2021 election, the 2016 term before it, a resignation."""
        rng = self.rng
        before_end = ELECTION_DAY - timedelta(days=1)
        if rng.random() < 0.55:
            self.term(person, body, post, PREVIOUS_ELECTION_DAY, before_end, EndReason.TERM_ENDED)
        else:
            former = self.as_cadre(self.take(), body == Body.BRANCH_COMMITTEE or rng.random() < 0.4)
            self.term(former, body, post, PREVIOUS_ELECTION_DAY, before_end, EndReason.TERM_ENDED)
        if (
            post == PostKind.COMMITTEE_MEMBER
            and body == Body.VILLAGERS_COMMITTEE
            and rng.random() < 0.06
            and not self.is_cross(person)
        ):
            left = date(2023, 1, 1) + timedelta(days=rng.randrange(600))
            self.term(person, body, post, ELECTION_DAY, left, EndReason.RESIGNED)
            successor = self.as_cadre(self.take(person.gender), party=rng.random() < 0.5)
            self.term(successor, body, post, left + timedelta(days=rng.randint(20, 60)))
            return
        self.term(person, body, post, ELECTION_DAY)

    def is_cross(self, person: Person) -> bool:
        return any(t.person is person and t.body == Body.BRANCH_COMMITTEE for t in self.terms)

    def reserves(self) -> None:
        """One or two reserve cadres in about half of the villages."""
        if self.rng.random() >= 0.5:
            return
        posted = {id(t.person) for t in self.terms}
        young = [p for p in self.young if id(p) not in posted]
        for person in self.rng.sample(young, min(len(young), self.rng.randint(1, 2))):
            self.reserve.append(
                ReserveCadre(
                    village=self.plan.unit,
                    person=person,
                    source=weighted(
                        self.rng,
                        (
                            (ReserveSource.COLLEGE_GRADUATE, 40),
                            (ReserveSource.RETURNED_VETERAN, 20),
                            (ReserveSource.RETURNED_ENTREPRENEUR, 25),
                            (ReserveSource.OTHER, 15),
                        ),
                    ),
                    since=date(2022, 1, 1) + timedelta(days=self.rng.randrange(1000)),
                )
            )
