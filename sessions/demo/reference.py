"""The council's first sitting, 28 November 2025, as structured reference data.

Source: ``shared/seed/compte-rendu-cln-2025-11-28.txt`` (names are invented ones). Running
text is written in our own words; questions, answers, dates and names are the records.
Facts kept on purpose, for the checks that later issues build:
- the "point d'étape" is dated 18 December 2024, a slip for 2025 in the seed;
- the seed spells one member "Nadia Amrani" and "Nadia Amrouni": both point at one record;
- PDIN editions #1 to #10 are known by month only.

Texts are Markdown (``cln_portal.markup``); ``[^key]`` calls a footnote of the minutes.
People are named by a key of ``PEOPLE``. Dates are ISO strings; ``None`` where the seed
gives none.
"""

COUNCIL = {
    "name": "Conseil local du numérique",
    "short_name": "CLN",
    "city": "Roubaix",
    "pole": "Pôle Accélération des Dynamiques Urbaines Durables",
    "direction": "Direction Politique de la ville, Démocratie participative et GUSP",
    "service": "Service Participation citoyenne",
    "address": "17 Grand’Place – CS 70737 – 59066 Roubaix Cedex 1",
    "email": "charge-de-mission@example.org",
    "followed_by": "damien-verhaeghe",
}

# The seed does not give mandate dates: the council was installed between April and July
# 2025 and its members drawn by lot at the PDIN of June 2025; we date mandates from 1 July 2025.
MANDATE_START = "2025-07-01"

# key: (first name, last name, role, sector, title form, position)
PEOPLE = {
    "anais-garnier": ("Anaïs", "Garnier", "councillor", "nord", "f", ""),
    "amina-belkacem": ("Amina", "Belkacem", "councillor", "est", "f", ""),
    "damien-verhaeghe": ("Damien", "Verhaeghe", "officer", "", "m", ""),
    "julien-morel": ("Julien", "Morel", "councillor", "ouest", "m", ""),
    "melissa-achour": ("Mélissa", "Achour", "councillor", "nord", "f", ""),
    "nadia-amrani": ("Nadia", "Amrani", "councillor", "est", "f", ""),
    "pauline-de-kermarec": ("Pauline", "De Kérmarec", "councillor", "centre", "f", ""),
    "karim-ouali": ("Karim", "Ouali", "observer", "", "m", ""),
    "yanis-berrada": ("Yanis", "Berrada", "councillor", "sud", "m", ""),
    "hicham-el-idrissi": ("Hicham", "El Idrissi", "councillor", "sud", "m", ""),
    "mourad-tahiri": ("Mourad", "Tahiri", "observer", "", "m", ""),
    "claire-marchand": (
        "Claire",
        "Marchand",
        "service_head",
        "",
        "f",
        "responsable du service participation citoyenne",
    ),
    "benoit-lefebvre": ("Benoît", "Lefebvre", "councillor", "nord", "m", ""),
    "denis-mallet": ("Denis", "Mallet", "guest", "", "m", "directeur des systèmes d’information"),
    "martine-grabowski-servais": ("Martine", "Grabowski-Servais", "co_chair", "", "f", ""),
    "thomas-gervais": ("Thomas", "Gervais", "councillor", "est", "m", ""),
    "samira-benali": ("Samira", "Benali", "councillor", "centre", "f", ""),
}

# Invited people take part without a mandate or an account.
WITHOUT_MANDATE = {"denis-mallet"}

PRESENT = [
    "anais-garnier",
    "amina-belkacem",
    "damien-verhaeghe",
    "julien-morel",
    "melissa-achour",
    "nadia-amrani",
    "pauline-de-kermarec",
    "karim-ouali",
    "yanis-berrada",
]
EXCUSED = [
    "hicham-el-idrissi",
    "mourad-tahiri",
    "claire-marchand",
    "benoit-lefebvre",
    "denis-mallet",
    "martine-grabowski-servais",
    "thomas-gervais",
    "samira-benali",
]

# The seed gives no hour: the sitting is recorded at 18:00, Europe/Paris.
MEETING = {
    "kind": "technical_committee",
    "title": "Comité technique du Conseil local du numérique",
    "starts_at": "2025-11-28T18:00:00",
    "ends_at": "2025-11-28T20:00:00",
    "convener": "martine-grabowski-servais",
}

MINUTES = {
    "issued_on": "2025-12-02",
    "addressee": "Compte-rendu aux membres du Conseil local du numérique",
    "title": "Conseil local du numérique du 28 novembre 2025",
    "headline": "Une première séance placée sous le signe de l’écoute et de l’engagement",
    "visibility": "members",
    "published_at": "2025-12-02T10:00:00",
    "opening": (
        "Le 28 novembre 2025, à l’initiative de Martine Grabowski-Servais, les membres du Conseil "
        "local du numérique se sont retrouvés pour exprimer leurs souhaits d’orientation thématique "
        "et découvrir les premières pistes de travail.\n\n"
        "Cette rencontre a aussi ouvert la réflexion en vue de la séance plénière de janvier, "
        "une assemblée plus officielle : les membres ont pu s’approprier l’ordre du jour envisagé "
        "et poser les bases d’une méthode de travail collective et itérative.\n\n"
        "Après avoir excusé Martine Grabowski-Servais et les autres personnes invitées, retenues "
        "par d’autres instances, Damien Verhaeghe a présenté les six axes de travail suivants :\n\n"
        "- Programmation participative du Petit-déjeuner de l’inclusion numérique\n"
        "- Présentation pédagogique du budget numérique municipal 2025\n"
        "- Saisine applicative : agent conversationnel municipal\n"
        "- Saisine stratégique : stratégie pour un numérique responsable\n"
        "- Communication et gouvernance locale pour l’inclusion numérique en santé\n"
        "- Commission médias et réseaux sociaux du Conseil municipal des enfants"
    ),
    "workstreams_intro": (
        "Voici une synthèse structurée des six axes de travail proposés, enrichis des questions "
        "et des suggestions formulées pendant les échanges."
    ),
}

FOOTNOTES = [
    {
        "key": "budget-2025",
        "text": "« Un budget engagé pour les habitants », RoubaixXL, dossier économie et emploi, "
        "publié le 27 février 2025",
        "url": "https://www.roubaixxl.fr/dossier-un-budget-engage-pour-les-habitants/",
    },
    {
        "key": "sdn-lille",
        "text": "Schéma directeur du numérique (SDN), Université de Lille – Direction générale déléguée "
        "au numérique (DGDNUM), publié le 8 avril 2025",
        "url": "https://numerique.univ-lille.fr/schema-directeur-du-numerique",
    },
    {
        "key": "feuille-de-route-sante",
        "text": "Feuille de route pour l’amélioration de l’inclusion numérique en santé sur le "
        "territoire de Roubaix, présentée à la 10ᵉ édition du Petit-déjeuner de l’inclusion "
        "numérique, publiée le 13 octobre 2025",
        "url": "https://lafabrique.ville-roubaix.fr/system/files/2025-10/20250916_roubaix_feuille_de_route_public.pdf",
    },
    {
        "key": "tchap",
        "text": "« Tchap, la messagerie instantanée souveraine de l’État », DGNUM, publié le 29 janvier 2024",
        "url": "https://www.defense.gouv.fr/dgnum/actualites/tchap-messagerie-instantanee-souveraine-letat",
    },
]

# An answer given on the spot: (text,). The seed does not name who answered; the chargé de
# mission presented the axes, so the answers are recorded as given by him at the sitting.
ANSWERED_BY = "damien-verhaeghe"

# Each axis: its record, then the questions under their themes, as asked at the sitting.
# A question is a string, or a (question, answer) pair when answered on the spot.
WORKSTREAMS = [
    {
        "slug": "programmation-pdin",
        "title": "Programmation participative du Petit-déjeuner de l’inclusion numérique",
        "kind": "thematic",
        "objective": (
            "Faire du Petit-déjeuner de l’inclusion numérique (PDIN) une **coordination locale "
            "effective des acteurs de la médiation numérique** : dépasser le modèle actuel pour aller "
            "vers une dynamique ancrée dans les quartiers et construite avec eux."
        ),
        "themes": [
            (
                "Sur la décentralisation territoriale",
                [
                    "Comment passer d’un modèle centralisé à une animation de proximité dans les quartiers ?",
                    "Quelle articulation envisager avec les centres sociaux (Iciéla, Echo, 4 Quartiers, etc.) "
                    "pour décliner les contenus au plus près des habitants ?",
                    "Comment garantir que les ressources produites ou présentées se transforment en actions "
                    "concrètes sur le terrain ?",
                ],
            ),
            (
                "Sur la coordination des acteurs",
                [
                    "Comment structurer une véritable coordination locale des acteurs de la médiation "
                    "numérique, objectif reconnu comme non encore atteint à ce jour ?",
                    "Quels formats d’animation permettraient de dépasser la simple convivialité pour "
                    "construire collectivement des réponses aux besoins identifiés ?",
                ],
            ),
            (
                "Sur votre participation",
                [
                    "Quelles thématiques souhaitez-vous voir abordées dans les prochaines éditions "
                    "(à partir de juin 2026) ?",
                    "Quels lieux du territoire vous semblent pertinents pour accueillir ces événements ?",
                    "Disposez-vous de contacts ou d’expertises que vous aimeriez mobiliser ? (Ont été "
                    "évoquées, par exemple, la communauté *[Open Education Global]{lang=en}* et les pratiques de "
                    "médiation numérique déployées en Belgique.)",
                    "Seriez-vous intéressé·e pour contribuer à l’animation ou à la préparation de "
                    "certaines éditions ?",
                ],
            ),
        ],
        "contacts": {
            "heading": "Échange de bonnes pratiques avec d’autres Conseils locaux du numérique",
            "items": [
                ("Angers", "damien-verhaeghe", "prise de contact"),
                ("Saint-Germain-en-Laye", "pauline-de-kermarec", "prise de contact"),
            ],
        },
    },
    {
        "slug": "budget-numerique-2025",
        "title": "Présentation pédagogique du budget numérique municipal 2025",
        "kind": "thematic",
        "objective": (
            "Donner aux membres du CLN une **base d’appropriation de la politique numérique locale** "
            "à travers son volet budgétaire : débattre démocratiquement du numérique suppose d’en "
            "comprendre les dimensions financières et organisationnelles."
        ),
        "themes": [
            (
                "Sur le périmètre budgétaire",
                [
                    "Qu’englobe exactement le « numérique municipal » au-delà de la simple dénomination "
                    "« systèmes d’information » ?",
                    "Comment se répartit ce budget entre les différentes directions et services (politique "
                    "de la ville, communication, action sociale, administration générale, etc.) ?",
                    "Quels sont les sites web et applications numériques financés par la Ville, et à quelle "
                    "hauteur ?",
                ],
            ),
            (
                "Sur l’analyse budgétaire",
                [
                    "Quelle est la part du budget numérique dans le budget municipal global (budget primitif "
                    "2025 voté lors du conseil municipal du 6 février : 229,51 M€[^budget-2025]) ?",
                    "Comment se répartit ce budget entre investissement et fonctionnement ?",
                    "Quelle part est spécifiquement dédiée au fonctionnement de la Direction des systèmes "
                    "d’information ?",
                    "Quel est le budget consacré à l’inclusion numérique et à la médiation numérique ?",
                ],
            ),
            (
                "Sur les actions soutenues par la municipalité en faveur des personnes les plus éloignées "
                "du numérique",
                [
                    "Quelles sont les enveloppes budgétaires allouées aux actions financées par le Contrat de "
                    "ville et des solidarités en matière de numérique ?",
                    "Quel est le budget dédié aux écrivains publics et aux autres dispositifs "
                    "d’accompagnement des publics éloignés du numérique ?",
                ],
            ),
        ],
        "body": (
            "**Demande de présentation structurée** : une synthèse pédagogique de l’action municipale "
            "au titre du Contrat de ville et des solidarités dans le domaine du numérique vous sera "
            "proposée, pour mieux appréhender les moyens effectivement mobilisés auprès des personnes "
            "en situation de précarité numérique à Roubaix."
        ),
        "proposals": [
            (
                "pauline-de-kermarec",
                "Étudier avec l’Université de Lille la possibilité de présenter aux membres du CLN son "
                "schéma directeur du numérique[^sdn-lille], exemple inspirant d’une démarche numérique "
                "globale et responsable.",
            ),
        ],
        "next_steps": [
            {
                "label": "Point d’étape",
                # The seed's slip, kept: the step is meant for 18 December 2025.
                "date": "2024-12-18",
                "owner": "damien-verhaeghe",
                "text": (
                    "Une rencontre technique est programmée avec la Direction des systèmes d’information "
                    "pour convenir des modalités pratiques de collaboration, afin d’apporter des réponses "
                    "concertées et collégiales à vos questions."
                ),
            },
        ],
    },
    {
        "slug": "agent-conversationnel",
        "title": "Saisine applicative : agent conversationnel municipal",
        "kind": "referral_application",
        "objective": (
            "Examiner, dans le cadre d’une **phase d’expérimentation**, la mise en place d’un **agent "
            "conversationnel fondé sur l’intelligence artificielle (IA)** pour améliorer l’accueil et "
            "l’information des usagers, au téléphone (standard) comme sur le site internet de la Ville."
        ),
        "themes": [
            (
                "Sur la qualité et la gouvernance des données",
                [
                    "Quelles données seront utilisées pour entraîner et alimenter l’agent conversationnel ?",
                    "Comment garantir la qualité et l’actualisation des informations fournies ?",
                    "Comment gérer les versions successives des documents (règlements, procédures) pour éviter "
                    "que l’IA ne fournisse des informations périmées ?",
                    "Qui sera responsable de la mise à jour et de la validation des contenus ?",
                ],
            ),
            (
                "Sur le périmètre d’intervention",
                [
                    "L’agent conversationnel se limitera-t-il aux démarches administratives courantes (état "
                    "civil, urbanisme, etc.) ou pourra-t-il renseigner sur des dispositifs municipaux comme le "
                    "Projet d’initiative citoyenne (PIC) ou sur la programmation des événements locaux à partir "
                    "de l’OpenAgenda ?",
                    "Une extension progressive du périmètre est-elle envisagée selon les résultats de "
                    "l’expérimentation ?",
                ],
            ),
            (
                "Sur les aspects techniques et éthiques",
                [
                    ("Quelle technologie sera utilisée ?", "*OpenAI*."),
                    (
                        "Où les données seront-elles hébergées ?",
                        "sur des serveurs *Azure West Europe*, *Azure France* ne proposant pas encore ce type "
                        "d’hébergement.",
                    ),
                    ("Quel prestataire a été retenu ?", "*Orange Business*."),
                    "Quelles garanties de confidentialité et de protection des données personnelles ?",
                    "Comment gérer les éventuelles « hallucinations » de l’IA (réponses erronées ou absurdes) ?",
                ],
            ),
            (
                "Sur l’évaluation et les ajustements",
                [
                    "Quels critères d’évaluation de l’expérimentation sont prévus ?",
                    (
                        "Comment les usagers seront-ils associés à cette évaluation ?",
                        "par la saisine du CLN.",
                    ),
                    "Quel rôle le CLN jouera-t-il dans le suivi de cette expérimentation et dans la décision "
                    "d’un éventuel déploiement généralisé ?",
                ],
            ),
            (
                "Sur le budget",
                [
                    "Quel est le coût de cette expérimentation ?",
                    (
                        "Ce budget relève-t-il de l’investissement ou du fonctionnement ?",
                        "de l’investissement, puisque le projet vise la création d’un actif durable.",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "numerique-responsable",
        "title": "Saisine stratégique : stratégie pour un numérique responsable",
        "kind": "referral_strategic",
        "objective": (
            "Contribuer à l’élaboration d’une **stratégie numérique responsable** pour la Ville de "
            "Roubaix, dans le cadre de la loi REEN de 2021 (réduction de l’empreinte environnementale du "
            "numérique), qui s’applique aux communes de plus de 50 000 habitants : le texte ne prévoit "
            "presque aucune sanction en cas de non-mise en œuvre, mais il s’agit bien d’une obligation "
            "juridique."
        ),
        "themes": [
            (
                "Sur le périmètre de la stratégie",
                [
                    "Comment définir un « numérique responsable » qui articule la dimension environnementale "
                    "(sobriété énergétique, cycle de vie des équipements) et la dimension sociale (inclusion, "
                    "accessibilité) ?",
                    "La stratégie doit-elle se limiter aux services municipaux ou intégrer l’ensemble des "
                    "acteurs du territoire (commerçants, associations, établissements scolaires, etc.) ?",
                ],
            ),
            (
                "Sur les leviers d’action",
                [
                    "Quelles actions concrètes peuvent être mises en œuvre à court terme (gestion du parc "
                    "informatique, politique d’achat, réemploi, sensibilisation) ?",
                    "Comment accompagner les acteurs du territoire vers des pratiques plus responsables ?",
                    "Comment articuler cette stratégie avec les autres politiques municipales (climat, "
                    "déchets, achats publics, action sociale, participation citoyenne) ?",
                ],
            ),
            (
                "Sur la gouvernance",
                [
                    "Comment associer les directions municipales et les acteurs externes à l’élaboration et à "
                    "la mise en œuvre de cette stratégie ?",
                    "Quel rôle pour le CLN dans le suivi et l’évaluation de cette stratégie ?",
                ],
            ),
            (
                "Sur les ressources et bonnes pratiques",
                [
                    "Quelles collectivités peuvent servir de référence ?",
                    "Quels partenaires mobiliser ?",
                ],
            ),
        ],
    },
    {
        "slug": "inclusion-numerique-sante",
        "title": "Communication et gouvernance locale pour l’inclusion numérique en santé",
        "kind": "thematic",
        "objective": (
            "Poursuivre la **dynamique engagée** avec l’Agence régionale de santé des Hauts-de-France "
            "(ARS) **à la suite de l’enquête menée sur le territoire roubaisien en 2025** (seul territoire "
            "urbain retenu dans la région) et des recommandations du cabinet *Eurogroup "
            "Consulting*[^feuille-de-route-sante]."
        ),
        "themes": [
            (
                "Sur les actions de communication",
                [
                    "Comment mieux faire connaître les outils de santé numérique (Dossier médical partagé, "
                    "Mon espace santé, etc.) auprès de la population roubaisienne, notamment des publics les "
                    "plus précaires ?",
                    "Quels supports et canaux de communication privilégier ?",
                    "Comment adapter les messages aux publics allophones ?",
                ],
            ),
            (
                "Sur l’identification des lieux-ressources",
                [
                    "Où orienter les usagers qui ont besoin d’aide pour utiliser les outils de santé "
                    "numérique ?",
                    "Comment faire connaître ces lieux d’accompagnement ?",
                ],
            ),
            (
                "Sur la collaboration avec les professionnels de santé",
                [
                    "Comment impliquer davantage les médecins, pharmaciens, infirmiers et autres "
                    "professionnels de santé dans la promotion et l’accompagnement des outils numériques de "
                    "santé ?",
                    "Quels partenariats développer avec les communautés professionnelles territoriales de "
                    "santé ?",
                ],
            ),
        ],
    },
    {
        "slug": "cme-medias-reseaux-sociaux",
        "title": "Commission médias et réseaux sociaux du Conseil municipal des enfants",
        "kind": "liaison",
        "objective": (
            "Créer des passerelles entre le CLN et la commission « Médias et réseaux sociaux » du Conseil "
            "municipal des enfants (CME) : les jeunes conseillers municipaux (10-13 ans) profitent de "
            "l’expertise et de l’engagement citoyen des membres adultes du CLN, qui découvrent en retour "
            "les usages et les préoccupations des jeunes."
        ),
        "themes": [
            (
                "Sur les modalités de rencontre",
                [
                    "Quel format privilégier pour favoriser un échange authentique et constructif entre "
                    "adultes et enfants ?",
                    "Faut-il envisager des temps de travail communs ou plutôt des présentations croisées ?",
                ],
            ),
            (
                "Sur l’apport mutuel",
                [
                    "Comment les membres du CLN peuvent-ils être des « modèles » d’engagement citoyen pour "
                    "les jeunes conseillers municipaux ?",
                    "Quels apprentissages les adultes peuvent-ils tirer des pratiques et des questionnements "
                    "des jeunes ?",
                ],
            ),
        ],
        # The seed spells her "Nadia Amrouni" here: it is Nadia Amrani, councillor for Est.
        "proposals": [
            (
                "nadia-amrani",
                "Contribuer à l’accompagnement des enfants du CME sur ces questions.",
            ),
        ],
    },
]

NEXT_STEP_SECTIONS = [
    {
        "title": "Formulaire de positionnement",
        "body": (
            "Un formulaire en ligne sera adressé la première semaine de décembre 2025 à tous les membres "
            "du CLN pour recueillir :\n\n"
            "- leurs souhaits d’implication sur chacun des six axes de travail ;\n"
            "- leurs disponibilités pour les temps de travail collectifs ;\n"
            "- leurs suggestions complémentaires.\n\n"
            "Adresse du formulaire : "
            "<https://framaforms.org/preparation-de-lassemblee-du-cln-de-janvier-1764597640>"
        ),
    },
    {
        "title": "Calendrier prévisionnel",
        "body": "",
        "calendar": [
            {
                "date": "2025-12-18",
                "precision": "day",
                "text": "date limite pour remplir le formulaire, qui marque aussi la rencontre technique "
                "avec la Direction des systèmes d’information",
            },
            {
                "date": "2026-01-17",
                "date_end": "2026-01-31",
                "precision": "range",
                "text": "assemblée plénière du CLN, avec la présentation structurée des éléments de réponse "
                "aux questions et la validation des orientations de travail",
            },
            {
                "date": "2026-02-13",
                "precision": "day",
                "text": "Petit-déjeuner de l’inclusion numérique sur le thème « Intelligence artificielle "
                "et citoyenneté : comprendre et agir », en partenariat avec les Assembleurs et le Conseil "
                "national IA & numérique",
            },
        ],
    },
    {
        "title": "Modalités de communication entre membres",
        "body": (
            "À la suite des échanges du 28 novembre, les membres présents ont créé un groupe SMS pour "
            "échanger plus facilement. Cette solution pragmatique concilie simplicité d’usage et "
            "réactivité, en attendant d’éventuelles évolutions vers d’autres outils (comme Tchap[^tchap] en "
            "mode hybride)."
        ),
    },
]

ANNEX = {
    "title": "Présentation du Petit-déjeuner de l’inclusion numérique",
    "caption": "Synthèse du support présenté en comité technique le 28 novembre 2025",
    "body": """\
Créé le 23 avril 2025 par décision du Conseil municipal, le CLN est un organe consultatif et participatif local, \
inscrit dans les orientations municipales en matière de politique de la ville et de démocratie participative. \
Sa création prolonge la dynamique lancée par le PDIN.

Pour éclairer les enjeux et les finalités du PDIN, premier axe de travail du CLN dans la stratégie locale \
d’inclusion numérique, une présentation synthétique a été proposée aux membres. Elle détaille :

- les objectifs poursuivis ;
- le descriptif et le format retenus ;
- le public visé ;
- les ressources mobilisées ;
- les résultats obtenus et les difficultés rencontrées ;
- les perspectives pour la suite.

### Le territoire roubaisien

- **Population** : 99 500 habitants, densité supérieure à 7 500 habitants/km² (INSEE 2022).
- **Quartiers prioritaires de la politique de la ville (QPV)** : part de la population qui y vit, 74,2 % \
(INSEE 2018) puis 79,2 % (INSEE 2024).
- **Diversité** : 22,4 % de la population née à l’étranger (INSEE 2020).
- **Précarité numérique** : 22,3 % (INSEE 2020, ajustée au contexte local).

### Une volonté politique structurante

- **Avril 2021** : délibération cadre pour une stratégie d’inclusion numérique.
- **Septembre à décembre 2022** : lancement du PDIN et entrée au sociétariat de la SCIC *Les Assembleurs*.
- **Juin 2024** : délibération pour la stratégie Politique de la ville 2024-2030.
- **Avril à juillet 2025** : création puis installation du Conseil local du numérique.

### Trois objectifs complémentaires

1. **Fédérer** : structurer et mobiliser le réseau local des acteurs de l’inclusion numérique.
2. **Structurer** : conduire un diagnostic partagé, cartographier les ressources et identifier les besoins.
3. **Transformer** : favoriser des collaborations concrètes et des actions de terrain.

### Un format éprouvé et évolutif

- **Séquence plénière** : présentation de ressources locales, retours d’expérience, apports d’experts.
- **Séquence interactive** : ateliers en groupes de 10 à 12 personnes, formats adaptés aux besoins, \
co-construction et échanges.
- **Organisation** : trois rencontres par an dans des lieux emblématiques de Roubaix ; ressources en ligne sur \
La Fabrique, le site de la participation citoyenne.

Dix éditions depuis septembre 2022, dont le temps fort de juin 2025 consacré au tirage au sort des membres du CLN.

### Un écosystème territorial mobilisé

En moyenne **52 participants** par édition :

- **acteurs de terrain** : associations de proximité, centres sociaux, acteurs de l’économie sociale et \
solidaire, entreprises ;
- **acteurs institutionnels** : CCAS de Roubaix, Maisons Nord Solidarités, France Travail, Maison de l’emploi ;
- **services municipaux** : politique de la ville, participation citoyenne, services thématiques, DSI, et \
désormais le CLN.

### Des moyens modestes, une mobilisation efficace

- **Organisation et animation** : un chargé de mission de la Direction Politique de la ville, Participation \
citoyenne et GUSP ; un budget dédié aux frais de réception et de convivialité.
- **Séquence plénière** : appui ponctuel d’autres directions et mobilisation de l’écosystème local.
- **Séquence interactive** : mutualisation des ressources existantes et partenariats valorisés.
- **Inscription institutionnelle** : stratégie Politique de la ville 2024-2030 ; axe prioritaire n° 6 du volet \
roubaisien du Contrat de ville et des solidarités, « Faciliter l’accès aux droits, la transition numérique et \
lutter contre les principales formes de discriminations ».

### Résultat : une dynamique installée

Dix éditions, 52 participants par édition en moyenne, trois ans de régularité :

- **régularité et reconnaissance** : une légitimité établie aux niveaux local, départemental, régional et \
national ;
- **dynamique de réseau** : meilleure interconnaissance et cartographie mise à jour ensemble ;
- **émergence du CLN** : le PDIN a préfiguré le Conseil local du numérique, dont il accueille désormais les \
membres.

### Enseignements et conditions de réussite

- **Facteurs clés** : volonté politique claire, régularité, ouverture à tous les acteurs, format adaptatif, \
ancrage territorial, capitalisation des ressources.
- **Points de vigilance** : coordination des agendas, qualité et richesse des contenus, transformation en \
actions concrètes, durabilité des dynamiques, articulation avec les instances existantes.

Constat : après trois années, le PDIN a su fédérer les acteurs ; mais sa gouvernance reste centralisée et \
les actions de terrain restent limitées, ce qui réduit son effet sur le pouvoir d’agir des habitants.

### Perspectives 2026 : vers une gouvernance participative

Enjeu : faire du PDIN un espace de co-construction, porteur d’actions concrètes au service des habitants.

1. **Une gouvernance participative à trois niveaux** : pilotage politique, comité élargi au CLN et aux \
acteurs locaux, groupes thématiques.
2. **Un cycle d’action complet** : co-construction avant, rencontres pendant, accompagnement et \
capitalisation après.
3. **Une articulation PDIN – CLN – services municipaux** : une interface entre projets municipaux, \
consultation citoyenne et mobilisation.

La 11ᵉ édition, « Intelligence artificielle et citoyenneté : comprendre et agir », en février 2026 à \
l’École nationale supérieure des arts et industries textiles, servira de modèle pilote pour déployer des \
**Cafés IA** dans les quartiers roubaisiens.

### En synthèse

- un dispositif **régulier et reconnu** ;
- une dynamique **partenariale** fédératrice ;
- des moyens **modestes** mais une mobilisation efficace ;
- une évolution **structurante** vers l’action concrète ;
- un levier **démocratique**, le CLN ;
- une marge de **progrès** : la capacité de l’instance à impulser de nouvelles actions opérationnelles.

« Transformer l’énergie collective en pouvoir d’agir concret pour les habitants. »

### Historique des éditions
""",
}

# Venues of the PDIN. Addresses are given only where they are public and certain.
VENUES = {
    "hotel-de-ville": {
        "name": "Hôtel de Ville de Roubaix",
        "address": "17 Grand’Place",
        "neighbourhood": "Centre",
    },
    "avant-poste": {"name": "L’Avant-Poste", "address": "", "neighbourhood": ""},
    "grand-plage": {
        "name": "Médiathèque La Grand-Plage",
        "address": "2 rue Pierre Motte",
        "neighbourhood": "Centre",
    },
    "condition-publique": {
        "name": "La Condition Publique",
        "address": "14 place Faidherbe",
        "neighbourhood": "Épeule",
    },
    "maison-des-associations": {"name": "Maison des Associations", "address": "", "neighbourhood": ""},
    "centre-social-4-quartiers": {
        "name": "Centre social des 4 Quartiers",
        "address": "",
        "neighbourhood": "Quatre Quartiers",
    },
    "saisons-zero": {"name": "Les Saisons Zéro", "address": "", "neighbourhood": ""},
    "site-tissel": {"name": "Site Tissel", "address": "", "neighbourhood": ""},
    "anmt": {
        "name": "Archives nationales du monde du travail",
        "address": "78 boulevard du Général Leclerc",
        "neighbourhood": "Centre",
    },
    "campus-gare": {"name": "Campus Gare", "address": "", "neighbourhood": "Centre"},
    "ensait": {
        "name": "École nationale supérieure des arts et industries textiles (ENSAIT)",
        "address": "2 allée Louise et Victor Champier",
        "neighbourhood": "",
    },
}

SERIES = [
    {
        "slug": "pdin",
        "name": "Petit-déjeuner de l’inclusion numérique",
        "short_name": "PDIN",
        "description": (
            "Le rendez-vous des acteurs roubaisiens de l’inclusion numérique, trois fois par an depuis "
            "septembre 2022 : un temps tous ensemble (ressources locales, retours d’expérience, apports "
            "d’experts) puis des ateliers en petits groupes de 10 à 12 personnes."
        ),
    },
    {
        "slug": "cafes-ia",
        "name": "Cafés IA",
        "short_name": "Cafés IA",
        "description": (
            "Des rencontres de quartier pour comprendre l’intelligence artificielle et en débattre, "
            "déployées à partir de 2026 sur le modèle de la 11ᵉ édition du PDIN."
        ),
    },
]

# PDIN editions: (number, date, precision, venue, title, subtitle).
EDITIONS = [
    (
        1,
        "2022-09-01",
        "month",
        "hotel-de-ville",
        "Recenser l’offre de médiation numérique pour se positionner et orienter",
        "Une première étape pour cartographier les ressources existantes sur le territoire",
    ),
    (
        2,
        "2023-02-01",
        "month",
        "avant-poste",
        "La femme au regard du numérique : des métiers aux usages",
        "Les spécificités de genre dans l’appropriation des outils numériques",
    ),
    (
        3,
        "2023-06-01",
        "month",
        "grand-plage",
        "Des priorités et expérimentations en matière de parentalité et numérique",
        "Accompagner les familles face aux défis de l’éducation au numérique",
    ),
    (
        4,
        "2023-10-01",
        "month",
        "condition-publique",
        "Aborder les défis de l’inclusion numérique sous l’angle de la créativité",
        "Le potentiel créatif des technologies comme levier d’émancipation",
    ),
    (
        5,
        "2024-03-01",
        "month",
        "maison-des-associations",
        "Accompagner la transition numérique du réseau associatif roubaisien",
        "Soutenir la dynamique associative locale dans sa transformation numérique",
    ),
    (
        6,
        "2024-06-01",
        "month",
        "centre-social-4-quartiers",
        "L’inclusion numérique comme priorité transversale pour l’accès aux droits",
        "Garantir l’égalité d’accès aux services publics dématérialisés",
    ),
    (
        7,
        "2024-10-01",
        "month",
        "saisons-zero",
        "Faire une transition numérique responsable, durable et inclusive",
        "Sensibiliser aux enjeux environnementaux du numérique",
    ),
    (
        8,
        "2025-03-01",
        "month",
        "site-tissel",
        "Numérique en santé : un enjeu d’inclusion et de proximité",
        "Faciliter l’accès aux services publics de santé connectés",
    ),
    (
        9,
        "2025-06-01",
        "month",
        "anmt",
        "Prévention, cybersécurité et culture des médias numériques",
        "Donner les clés d’une nouvelle citoyenneté pour se défendre, comprendre et agir",
    ),
    (
        10,
        "2025-10-01",
        "month",
        "campus-gare",
        "Formations et métiers du numérique : leviers d’insertion professionnelle",
        "Faire du numérique un vecteur inclusif d’émancipation et d’emploi durable",
    ),
    (
        11,
        "2026-02-13",
        "day",
        "ensait",
        "Intelligence artificielle et citoyenneté : comprendre et agir",
        "Mobiliser l’IA de façon responsable et citoyenne au service de l’intérêt général",
    ),
]

EDITION_DESCRIPTIONS = {
    11: (
        "En partenariat avec les Assembleurs et le Conseil national IA & numérique. Cette édition sert de "
        "modèle pilote pour déployer des Cafés IA dans les quartiers roubaisiens."
    ),
}

# Demo accounts, created only when DEBUG is on (make run). Never in production.
DEMO_ACCOUNTS = [
    {
        "person": "damien-verhaeghe",
        "email": "charge-de-mission@example.org",
        "password": "demo-charge-cln",
        "staff": True,
    },
    {
        "person": "anais-garnier",
        "email": "anais.garnier@example.org",
        "password": "demo-membre-cln",
        "staff": False,
    },
]
