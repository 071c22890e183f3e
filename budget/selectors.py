"""Reads of the budget app: the current budget and the figures of the public page."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, Q, Sum
from django.utils.translation import gettext as _

from workstreams.models import Question

from . import formats
from .charts import BarChart, bar_chart
from .models import Budget, BudgetLine, DigitalCategory, DigitalGroup, Flow, Section


def budget_current() -> Budget | None:
    """The budget the public page shows: the latest year, then the latest import."""
    return Budget.objects.first()


def budget_axis_questions():
    """The questions staff may pin to a group: those of the budget axis (setting
    ``BUDGET_WORKSTREAM_SLUG``), every status, in the register's order."""
    return Question.objects.filter(workstream__slug=settings.BUDGET_WORKSTREAM_SLUG).select_related("theme")


def budget_staff_lines(budget: Budget):
    """The expense lines staff tag, in the file's order (revenue is not tagged)."""
    return budget.lines.filter(flow=Flow.EXPENSE)


@dataclass
class GroupView:
    """One category on the public page: its lines, total, explanation and public questions."""

    category: str
    label: str
    explanation: str
    total: Decimal
    lines: list[BudgetLine] = field(default_factory=list)
    questions: list = field(default_factory=list)

    @property
    def total_shown(self) -> str:
        return formats.euros(self.total)


@dataclass
class BudgetOverview:
    """Every figure of « Le budget numérique de la ville », amounts in euros (expenses only).

    ``total`` is the sum of the file's expense lines, real and order operations alike, as
    voted: for the 2025 budget primitif of the seed, 229,51 M€.
    """

    budget: Budget
    total: Decimal
    total_by_section: dict[str, Decimal]
    digital: Decimal
    digital_by_section: dict[str, Decimal]
    charts: list[BarChart]
    groups: list[GroupView]
    inclusion: GroupView | None

    @property
    def total_shown(self) -> str:
        return formats.millions(self.total)

    @property
    def digital_shown(self) -> str:
        return formats.millions(self.digital)

    @property
    def digital_share(self) -> str:
        return formats.percent(self.digital, self.total)


def budget_overview(budget: Budget) -> BudgetOverview:
    """The public page's figures and charts for ``budget``, in four queries whatever its size.

    Questions shown are only the public ones (``Question.objects.public()``): a question
    raised in minutes still in draft never appears.
    """
    totals = budget.lines.filter(flow=Flow.EXPENSE).aggregate(
        operating=Sum("amount", filter=Q(section=Section.OPERATING), default=Decimal(0)),
        investment=Sum("amount", filter=Q(section=Section.INVESTMENT), default=Decimal(0)),
    )
    total_by_section = {Section.OPERATING: totals["operating"], Section.INVESTMENT: totals["investment"]}
    total = sum(total_by_section.values(), Decimal(0))
    lines = list(budget.lines.filter(flow=Flow.EXPENSE, is_digital=True).order_by("-amount", "line_number"))
    digital = sum((line.amount for line in lines), Decimal(0))
    digital_by_section = {section: Decimal(0) for section in Section.values}
    by_service: dict[str, Decimal] = defaultdict(Decimal)
    by_category: dict[str, list[BudgetLine]] = defaultdict(list)
    for line in lines:
        digital_by_section[line.section] += line.amount
        by_service[line.service or _("Direction non précisée")] += line.amount
        by_category[line.category].append(line)

    public_questions = Question.objects.public().select_related("workstream", "theme")
    group_rows = {
        group.category: group
        for group in DigitalGroup.objects.prefetch_related(Prefetch("questions", queryset=public_questions))
    }
    groups = []
    for category, label in DigitalCategory.choices:
        group_lines = by_category.get(category, [])
        group = group_rows.get(category)
        if not group_lines and not (group and group.explanation):
            continue
        groups.append(
            GroupView(
                category=category,
                label=str(label),
                explanation=group.explanation if group else "",
                total=sum((line.amount for line in group_lines), Decimal(0)),
                lines=group_lines,
                questions=list(group.questions.all()) if group else [],
            )
        )
    inclusion = next((g for g in groups if g.category == DigitalCategory.INCLUSION), None)

    charts = [
        bar_chart(
            slug="part",
            title=_("Part du numérique dans les dépenses de la ville"),
            description=_(
                "Le numérique représente %(digital)s sur %(total)s de dépenses votées, soit %(share)s."
            )
            % {
                "digital": formats.millions(digital),
                "total": formats.millions(total),
                "share": formats.percent(digital, total),
            },
            label_header=_("Dépenses"),
            value_header=_("Montant"),
            share_header=_("Part du budget"),
            rows=[
                (_("Numérique"), digital, formats.millions(digital), formats.percent(digital, total)),
                (
                    _("Autres dépenses"),
                    total - digital,
                    formats.millions(total - digital),
                    formats.percent(total - digital, total),
                ),
            ],
        ),
        bar_chart(
            slug="sections",
            title=_("Dépenses numériques : investissement et fonctionnement"),
            description=_("Investissement : %(investment)s ; fonctionnement : %(operating)s.")
            % {
                "investment": formats.euros(digital_by_section[Section.INVESTMENT]),
                "operating": formats.euros(digital_by_section[Section.OPERATING]),
            },
            label_header=_("Section"),
            value_header=_("Montant"),
            share_header=_("Part du numérique"),
            rows=[
                (
                    str(label).capitalize(),
                    digital_by_section[value],
                    formats.euros(digital_by_section[value]),
                    formats.percent(digital_by_section[value], digital),
                )
                for value, label in (
                    (Section.INVESTMENT, Section.INVESTMENT.label),
                    (Section.OPERATING, Section.OPERATING.label),
                )
            ],
        ),
        bar_chart(
            slug="directions",
            title=_("Dépenses numériques par direction ou service"),
            description="; ".join(
                f"{service} : {formats.euros(amount)}"
                for service, amount in sorted(by_service.items(), key=lambda item: (-item[1], item[0]))
            )
            + ".",
            label_header=_("Direction ou service"),
            value_header=_("Montant"),
            share_header=_("Part du numérique"),
            rows=[
                (service, amount, formats.euros(amount), formats.percent(amount, digital))
                for service, amount in sorted(by_service.items(), key=lambda item: (-item[1], item[0]))
            ],
        ),
        bar_chart(
            slug="categories",
            title=_("Dépenses numériques par catégorie"),
            description="; ".join(f"{group.label} : {group.total_shown}" for group in groups) + ".",
            label_header=_("Catégorie"),
            value_header=_("Montant"),
            share_header=_("Part du numérique"),
            rows=[
                (
                    group.label.capitalize(),
                    group.total,
                    group.total_shown,
                    formats.percent(group.total, digital),
                )
                for group in groups
            ],
        ),
    ]
    return BudgetOverview(
        budget=budget,
        total=total,
        total_by_section=total_by_section,
        digital=digital,
        digital_by_section=digital_by_section,
        charts=charts,
        groups=groups,
        inclusion=inclusion,
    )
