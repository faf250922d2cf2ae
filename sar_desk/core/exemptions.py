"""The catalogue of DPA 2018 exemptions (Schedules 2-4) a controller may apply to a SAR.

Each entry has a short code used in case files, the legal reference, a title, a one-line
summary, and whether it applies only to the extent disclosure would prejudice the purpose
(``prejudice``: then each use needs a recorded reason about that prejudice).
"""

from __future__ import annotations

from dataclasses import dataclass

from sar_desk.errors import InputError


@dataclass(frozen=True)
class Exemption:
    code: str
    reference: str
    title: str
    summary: str
    prejudice: bool


def _e(code: str, reference: str, title: str, summary: str, prejudice: bool = True) -> Exemption:
    return Exemption(code, reference, title, summary, prejudice)


CATALOGUE: tuple[Exemption, ...] = (
    _e("crime", "DPA 2018 Sch 2 para 2", "Crime and taxation: general",
       "Prevention or detection of crime, apprehension or prosecution of offenders, "
       "assessment or collection of tax."),
    _e("crime-risk", "DPA 2018 Sch 2 para 3", "Crime and taxation: risk assessment systems",
       "Data in a risk assessment system used by a public body for tax or crime purposes."),
    _e("immigration", "DPA 2018 Sch 2 para 4", "Immigration",
       "Effective immigration control, or investigation of activities undermining it."),
    _e("legal-disclosure", "DPA 2018 Sch 2 para 5",
       "Information required to be disclosed by law or in connection with legal proceedings",
       "Disclosure required by law, court order, or needed for legal proceedings or advice."),
    _e("protective", "DPA 2018 Sch 2 para 7", "Functions designed to protect the public",
       "Protecting the public against dishonesty, malpractice, incompetence, or risks to "
       "health and safety; charities; fair competition."),
    _e("audit", "DPA 2018 Sch 2 para 8", "Audit functions",
       "Functions of the Comptroller and Auditor General and other public auditors."),
    _e("bank-of-england", "DPA 2018 Sch 2 para 9", "Functions of the Bank of England",
       "The Bank's functions as a monetary authority, public functions and financial stability."),
    _e("regulatory", "DPA 2018 Sch 2 paras 10-12", "Regulatory functions",
       "Functions of listed regulators (e.g. Information Commissioner, ombudsmen, FCA), "
       "including in relation to legal services, health services and children's services."),
    _e("parliamentary", "DPA 2018 Sch 2 para 13", "Parliamentary privilege",
       "Needed to avoid an infringement of the privileges of either House of Parliament.",
       prejudice=False),
    _e("judicial", "DPA 2018 Sch 2 para 14", "Judicial appointments, independence and "
       "proceedings", "Judicial appointments, judicial independence or proceedings; "
       "data processed by a court or tribunal.", prejudice=False),
    _e("crown-honours", "DPA 2018 Sch 2 para 15", "Crown honours, dignities and appointments",
       "Conferring honours or dignities, and certain Crown appointments.", prejudice=False),
    _e("third-party", "DPA 2018 Sch 2 para 16", "Protection of the rights of others",
       "Disclosure would reveal information about another identifiable person who has not "
       "consented, and it is not reasonable to disclose without consent."),
    _e("health-social-education-workers", "DPA 2018 Sch 2 para 17",
       "Identity of health, social work and education workers",
       "When a serious harm test is met for the worker, or as set out for the relevant worker."),
    _e("legal-privilege", "DPA 2018 Sch 2 para 19", "Legal professional privilege",
       "Information covered by legal professional privilege (or confidentiality of "
       "communications in Scotland).", prejudice=False),
    _e("self-incrimination", "DPA 2018 Sch 2 para 20", "Self-incrimination",
       "Complying would reveal evidence of an offence by the controller, exposing it to "
       "proceedings.", prejudice=False),
    _e("corporate-finance", "DPA 2018 Sch 2 para 21", "Corporate finance",
       "Corporate finance services where disclosure could affect the price of instruments or "
       "harm the UK economy."),
    _e("management-forecasts", "DPA 2018 Sch 2 para 22", "Management forecasts",
       "Management forecasting or planning for a business or other activity."),
    _e("negotiations", "DPA 2018 Sch 2 para 23", "Negotiations",
       "Records of the controller's intentions in negotiations with the data subject."),
    _e("confidential-references", "DPA 2018 Sch 2 para 24", "Confidential references",
       "References given in confidence for education, employment, voluntary work, "
       "appointments or services.", prejudice=False),
    _e("exam-scripts", "DPA 2018 Sch 2 para 25", "Exam scripts and exam marks",
       "Answers recorded by a candidate during an exam; marks asked for before the results are "
       "announced have a longer deadline.", prejudice=False),
    _e("journalism", "DPA 2018 Sch 2 para 26", "Journalistic, academic, artistic and literary "
       "purposes", "Processing with a view to publication in the public interest where "
       "compliance would be incompatible with those purposes."),
    _e("research", "DPA 2018 Sch 2 para 27", "Research and statistics",
       "Scientific or historical research or statistics, where rights would seriously impair "
       "the purposes."),
    _e("archiving", "DPA 2018 Sch 2 para 28", "Archiving in the public interest",
       "Archiving in the public interest, where rights would seriously impair the purposes."),
    _e("health", "DPA 2018 Sch 3 Pt 2 paras 3-6", "Health data",
       "Health data where disclosure would be likely to cause serious harm to the physical or "
       "mental health of the data subject or another person; court proceedings; "
       "data about children given by a parent."),
    _e("social-work", "DPA 2018 Sch 3 Pt 3", "Social work data",
       "Social work data where disclosure would be likely to prejudice carrying out social work "
       "by causing serious harm to the data subject or another person."),
    _e("education", "DPA 2018 Sch 3 Pt 4", "Education data",
       "Education data where disclosure would be likely to cause serious harm to the data "
       "subject or another person."),
    _e("child-abuse", "DPA 2018 Sch 3 Pt 5", "Child abuse data",
       "Child abuse data asked for on a child's behalf, where disclosure would not be in the "
       "child's best interests."),
    _e("other-enactments", "DPA 2018 Sch 4", "Disclosure prohibited or restricted by an "
       "enactment", "Information whose disclosure another enactment bars or restricts: "
       "adoption records, HFEA information, special educational needs statements, parental "
       "order records, Scottish children's hearings.", prejudice=False),
)

BY_CODE = {e.code: e for e in CATALOGUE}


def get_exemption(code: str) -> Exemption:
    """The catalogue entry for ``code`` (case-insensitive), or an InputError listing codes."""
    key = (code or "").strip().lower()
    if key in BY_CODE:
        return BY_CODE[key]
    raise InputError(f"Unknown exemption code {code!r}. Use one of: {', '.join(BY_CODE)}.",
                     code="exemption.unknown", given=code)
