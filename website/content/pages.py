"""Initial text of the home page and of the standard pages, per language.

Each standard page: role (its slot in the footer), slug, and per language a title, an
introduction and a body made of (block type, value) pairs; block types are those of
website.blocks.BodyBlock ("heading": plain text, "rich_text": HTML).

Facts about the programme and the network come from commitment 12 of the National Action Plan
for Open Government 2024-2027 (data/nap-2024-2027.yaml); nothing here is invented. Retention
periods in the privacy notice are the platform's policy, for the operator to confirm; those that
follow a setting are written as placeholders (FIGURES) and filled in when the page is created.

Tamazight (zgh) texts are PROVISIONAL: written without a native speaker, kept short (titles, one
sentence, and links to the full Arabic and French texts), to be replaced after review.
"""

from django.conf import settings


def _days(count: int, language: str) -> str:
    """A number of days, as each language writes it after "for" (Arabic: مدة …)."""
    if language == "ar":
        return {1: "يوما واحدا", 2: "يومين"}.get(count) or (f"{count} أيام" if count <= 10 else f"{count} يوما")
    if language == "fr":
        return "1 jour" if count == 1 else f"{count} jours"
    return "1 day" if count == 1 else f"{count} days"


# Placeholders of the texts below, and what they become in a language (read when filled in).
FIGURES = {
    "{mail_retention}": lambda language: _days(settings.OUTBOX_RETENTION_DAYS, language),
}


def fill_figures(text: str, language: str) -> str:
    """The text with the figures that follow settings written out in its language."""
    for placeholder, figure in FIGURES.items():
        if placeholder in text:
            text = text.replace(placeholder, figure(language))
    return text


def _zgh_full_text(path: str) -> tuple[str, str]:
    """Provisional Tamazight: points to the full text in Arabic and French."""
    return ("rich_text",
            f'<p>ⴰⴹⵕⵉⵚ ⵉⴽⵎⵍⵏ ⵏ ⵜⴰⵙⵏⴰ ⴰⴷ ⵉⵍⵍⴰ ⵙ ⵜⵄⵔⴰⴱⵜ ⴷ ⵜⴼⵔⴰⵏⵙⵉⵙⵜ: '
            f'<a href="/ar/{path}" lang="ar">العربية</a> · <a href="/fr/{path}" lang="fr">Français</a></p>')


HOME = {
    "ar": {
        "title": "الشبكة المغربية للجماعات الترابية المنفتحة",
        "introduction": (
            "تجمع الشبكة المغربية للجماعات الترابية المنفتحة الجهات والعمالات والأقاليم والجماعات التي "
            "تنفتح في تدبير شأنها العام على المواطنات والمواطنين وعلى المجتمع المدني. أُحدثت الشبكة في "
            "أكتوبر 2023 في إطار برنامج دعم الجماعات الترابية المنفتحة، الذي أطلقته المديرية العامة "
            "للجماعات الترابية بوزارة الداخلية في شتنبر 2022 بشراكة مع جمعية جهات المغرب وجمعية أمباكت "
            "للتنمية. ويُعدّ كل عضو، بشكل مشترك مع ساكنته، برنامجا للانفتاح يصادق عليه وينفذه ويقيّمه."
        ),
        "body": [
            ("heading", "برنامج دعم الجماعات الترابية المنفتحة"),
            ("rich_text",
             "<p>شكل تبني دستور المملكة سنة 2011 تحولا هاما بوضع الديمقراطية التشاركية والحكامة الجيدة "
             "وربط المسؤولية بالمحاسبة في قلب الأولويات. وتُرجمت هذه المبادئ عبر القوانين التنظيمية "
             "المتعلقة بالجماعات الترابية (2015)، والقانون 31.13 المتعلق بالحق في الحصول على المعلومات "
             "(2018)، والقانون 54.19 بمثابة ميثاق المرافق العمومية (2021)، كما حث النموذج التنموي الجديد "
             "(2021) على اعتماد مبادئ الحكومة المنفتحة.</p>"
             "<p>ويهدف البرنامج إلى مأسسة وترسيخ مبادئ الانفتاح على مستوى الجماعات الترابية المغربية، "
             "بتعبئة الذكاء الجماعي للفاعلين الترابيين عبر فضاءات للتبادل والحوار، من أجل الإعداد المشترك "
             "لبرامج الانفتاح وتنفيذها وتتبعها وتقييمها بصفة تشاركية، خدمةً لتنمية ترابية منفتحة ودامجة.</p>"),
            ("heading", "الشبكة"),
            ("rich_text",
             "<p>أُحدثت الشبكة المغربية للجماعات الترابية المنفتحة في أكتوبر 2023 وكانت تضم 63 جماعة "
             "ترابية: 12 جهة و4 أقاليم و47 جماعة. ومن بين هذه الجماعات الترابية الـ63، تمكنت 52 منها من "
             "إعداد برامج انفتاحها، وصادقت 45 منها عليها، وهي تضم 390 مشروعا. وبفضل هذا البرنامج، حاز "
             "المغرب جائزة الشراكة خلال القمة العالمية لشراكة الحكومة المنفتحة بإستونيا سنة 2023.</p>"
             "<p>ويجعل مخطط العمل الوطني للحكومة المنفتحة 2024-2027 من هذا البرنامج التزامه الثاني عشر: "
             "توسيع الشبكة بأفواج جديدة من الجماعات الترابية، وتكوين أطرها ونقط ارتكازها، ومواكبة كل فوج "
             "في الإعداد المشترك لبرامجه والمصادقة عليها وتنفيذها وتقييمها.</p>"),
            ("heading", "هذه المنصة"),
            ("rich_text",
             "<p>لكل عضو في الشبكة فضاء خاص به على هذه المنصة. تجد فيه الساكنة والجمعيات برنامج انفتاح "
             "جماعتها، وتقترح الأفكار وتعلّق على مسودة البرنامج، ثم تتتبع مآل كل فكرة وتقدم إنجاز كل مشروع. "
             "ويتقاسم الأعضاء ممارساتهم الفضلى داخل الشبكة.</p>"),
        ],
    },
    "fr": {
        "title": "Réseau marocain des collectivités territoriales ouvertes",
        "introduction": (
            "Le Réseau marocain des collectivités territoriales ouvertes rassemble les régions, préfectures, "
            "provinces et communes qui ouvrent leur action publique aux citoyennes, aux citoyens et à la "
            "société civile. Il a été créé en octobre 2023 dans le cadre du Programme d'appui aux "
            "collectivités territoriales ouvertes (PACTO), lancé en septembre 2022 par la Direction "
            "générale des collectivités territoriales du ministère de l'Intérieur, en partenariat avec "
            "l'Association des Régions du Maroc et l'association Impact pour le Développement. Avec ses "
            "habitants, chaque membre élabore, adopte, met en œuvre et évalue un programme d'ouverture."
        ),
        "body": [
            ("heading", "Le Programme d'appui aux collectivités territoriales ouvertes"),
            ("rich_text",
             "<p>La Constitution de 2011 a placé la démocratie participative, la bonne gouvernance et la "
             "corrélation entre responsabilité et reddition des comptes au cœur des priorités. Ces principes "
             "se sont traduits par les lois organiques relatives aux collectivités territoriales (2015), la "
             "loi 31-13 relative au droit d'accès à l'information (2018) et la loi 54-19 portant Charte des "
             "services publics (2021) ; le Nouveau modèle de développement (2021) a appelé à adopter les "
             "principes du gouvernement ouvert.</p>"
             "<p>Le programme vise à institutionnaliser et ancrer ces principes d'ouverture dans les "
             "collectivités territoriales marocaines, en mobilisant l'intelligence collective des acteurs "
             "territoriaux dans des espaces d'échange et de dialogue : les programmes d'ouverture y sont "
             "élaborés conjointement, mis en œuvre, suivis et évalués de manière participative, pour un "
             "développement territorial ouvert et inclusif.</p>"),
            ("heading", "Le réseau"),
            ("rich_text",
             "<p>Le Réseau marocain des collectivités territoriales ouvertes a été créé en octobre 2023 avec "
             "63 collectivités : 12 régions, 4 provinces et 47 communes. Sur ces 63 membres, 52 ont élaboré "
             "leur programme d'ouverture et 45 l'ont adopté, soit 390 projets. Grâce à ce programme, le Maroc "
             "a reçu le prix du partenariat au Sommet mondial du Partenariat pour un gouvernement ouvert, en "
             "Estonie, en 2023.</p>"
             "<p>Le Plan d'action national pour le gouvernement ouvert 2024-2027 en fait son engagement 12 : "
             "élargir le réseau par de nouvelles cohortes de collectivités, former leurs équipes et leurs "
             "points focaux, et accompagner chaque cohorte dans l'élaboration conjointe de ses programmes, "
             "leur adoption, leur mise en œuvre et leur évaluation.</p>"),
            ("heading", "Cette plateforme"),
            ("rich_text",
             "<p>Chaque membre du réseau y dispose de son propre espace. Les habitants et les associations "
             "y trouvent le programme d'ouverture de leur collectivité, proposent des idées et commentent le "
             "projet de programme, puis suivent ce qu'il est advenu de chaque idée et l'avancement de chaque "
             "projet. Les membres y partagent leurs bonnes pratiques avec tout le réseau.</p>"),
        ],
    },
    "en": {
        "title": "Moroccan Network of Open Territorial Collectivities",
        "introduction": (
            "The Moroccan Network of Open Territorial Collectivities brings together the regions, "
            "prefectures, provinces and communes that open their public action to residents and civil "
            "society. It was created in October 2023 within the Support Programme for Open Territorial "
            "Collectivities (PACTO), which the Ministry of the Interior's General Directorate of Territorial "
            "Collectivities launched in September 2022 with the Association of Moroccan Regions and the "
            "Impact for Development association. Together with its residents, each member writes, adopts, "
            "carries out and evaluates an openness programme."
        ),
        "body": [
            ("heading", "The Support Programme for Open Territorial Collectivities"),
            ("rich_text",
             "<p>The 2011 Constitution put participatory democracy, good governance and the link between "
             "responsibility and accountability at the heart of Morocco's priorities. These principles were "
             "put into law by the organic laws on territorial collectivities (2015), Law 31-13 on the right "
             "of access to information (2018) and Law 54-19 on the Public Services Charter (2021); the New "
             "Development Model (2021) called for the principles of open government.</p>"
             "<p>The programme aims to institutionalise and anchor these principles in Morocco's territorial "
             "collectivities by mobilising the collective intelligence of local actors, in spaces for "
             "exchange and dialogue where openness programmes are co-created, carried out, monitored and "
             "evaluated together, for open and inclusive territorial development.</p>"),
            ("heading", "The network"),
            ("rich_text",
             "<p>The Moroccan Network of Open Territorial Collectivities was created in October 2023 with 63 "
             "collectivities: 12 regions, 4 provinces and 47 communes. Of these 63 members, 52 prepared "
             "their openness programme and 45 adopted it, with 390 projects. Through this programme, Morocco "
             "received the partnership award at the Open Government Partnership Global Summit in Estonia in "
             "2023.</p>"
             "<p>Morocco's National Action Plan for Open Government 2024–2027 makes the programme its "
             "commitment 12: to expand the network with new cohorts of collectivities, train their staff and "
             "focal points, and support each cohort as it co-creates its programmes, adopts them, carries "
             "them out and evaluates them.</p>"),
            ("heading", "This platform"),
            ("rich_text",
             "<p>Every member of the network has its own space here. Residents and associations find their "
             "collectivity's openness programme, propose ideas and comment on the draft programme, then "
             "follow what happened to each idea and the progress of each project. Members share their good "
             "practices with the whole network.</p>"),
        ],
    },
    "zgh": {
        "title": "ⴰⵥⵟⵟⴰ ⴰⵎⵖⵔⴰⴱⵉ ⵏ ⵜⵎⵏⴰⴹⵉⵏ ⵜⵉⵏⵎⵎⵓⵔⴰ ⵉⵜⵜⵓⵕⵥⵎⵏ",
        "introduction": (
            "ⴰⵥⵟⵟⴰ ⴰⴷ ⵉⵙⵎⵓⵏ ⵜⵉⵎⵏⴰⴹⵉⵏ, ⵜⵉⵙⴳⴰⵡⵉⵏ ⴷ ⵜⵊⵎⴰⵄⵉⵏ ⵏ ⵍⵎⵖⵔⵉⴱ ⵍⵍⵉ ⵉⵙⵡⵓⵔⵉⵏ ⴰⴽⴷ ⵉⵎⵣⴷⴰⵖ ⵏⵏⵙⵏ "
            "ⴷ ⵓⵎⵓⵏ ⴰⵖⵔⵎⴰⵏ."
        ),
        "body": [_zgh_full_text("")],
    },
}


STANDARD_PAGES: list[dict] = [
    {
        "role": "legal",
        "slug": "legal-notice",
        "text": {
            "ar": {
                "title": "الإشعار القانوني",
                "introduction": "من ينشر هذه المنصة، ومن المسؤول عن محتواها، وبأي شروط يمكن إعادة استعماله.",
                "body": [
                    ("heading", "الناشر"),
                    ("rich_text",
                     "<p>تنشر هذه المنصةَ <b>وزارة الداخلية – المديرية العامة للجماعات الترابية</b>، الرباط، "
                     "المملكة المغربية، في إطار برنامج دعم الجماعات الترابية المنفتحة الذي تنفذه بشراكة مع "
                     "جمعية جهات المغرب وجمعية أمباكت للتنمية. والمديرية العامة للجماعات الترابية هي الجهة "
                     "المشغّلة للمنصة والمسؤولة عن نشرها.</p>"),
                    ("heading", "المحتوى الذي ينشره الأعضاء"),
                    ("rich_text",
                     "<p>ينشر كل عضو في الشبكة (جهة أو عمالة أو إقليم أو جماعة) محتوى فضائه ويحيّنه: برنامج "
                     "انفتاحه وأخباره ولقاءاته ووثائقه، ويتحمل مسؤولية ما ينشره.</p>"
                     "<p>تُنشر مساهمات المواطنات والمواطنين والجمعيات (أفكار وتعليقات) على مسؤولية أصحابها، "
                     "وتخضع للإشراف حتى تبقى في حدود القانون واللياقة. وستُنشر قواعد الإشراف مع خدمات "
                     "المشاركة.</p>"),
                    ("heading", "المعطيات المرجعية وإعادة استعمالها"),
                    ("rich_text",
                     "<p>مصدر قائمة الجماعات الترابية ورموزها وعدد سكانها هو المندوبية السامية للتخطيط "
                     "(الإحصاء العام للسكان والسكنى 2014 و2024)، ومصدر مواقع الجماعات هو OpenStreetMap. "
                     "وشروط إعادة استعمالها مبينة في صفحة <a href=\"/ar/open-data/\">المعطيات المفتوحة</a>.</p>"),
                    ("heading", "الاستضافة"),
                    ("rich_text", "<p>ستُنشر هنا معلومات استضافة المنصة عند فتحها للعموم.</p>"),
                    ("heading", "المعطيات الشخصية والولوجيات والاتصال"),
                    ("rich_text",
                     "<p>تشرح صفحة <a href=\"/ar/privacy/\">حماية المعطيات الشخصية</a> كيفية معالجة معطياتكم، "
                     "ويبين <a href=\"/ar/accessibility/\">تصريح الولوجيات</a> مدى قابلية المنصة للولوج. "
                     "وللتواصل مع فريق الشبكة، انظروا صفحة <a href=\"/ar/contact/\">اتصل بنا</a>.</p>"),
                ],
            },
            "fr": {
                "title": "Mentions légales",
                "introduction": "Qui publie cette plateforme, qui répond de son contenu, et à quelles conditions le réutiliser.",
                "body": [
                    ("heading", "Éditeur"),
                    ("rich_text",
                     "<p>Cette plateforme est éditée par le <b>ministère de l'Intérieur – Direction générale des "
                     "collectivités territoriales (DGCT)</b>, Rabat, Royaume du Maroc, dans le cadre du Programme "
                     "d'appui aux collectivités territoriales ouvertes, mené avec l'Association des Régions du "
                     "Maroc et l'association Impact pour le Développement. La DGCT exploite la plateforme et "
                     "répond de sa publication.</p>"),
                    ("heading", "Contenus publiés par les membres"),
                    ("rich_text",
                     "<p>Chaque membre du réseau (région, préfecture, province ou commune) publie et tient à jour "
                     "son propre espace : son programme d'ouverture, ses actualités, ses rencontres et ses "
                     "documents. Il est responsable de ce qu'il y publie.</p>"
                     "<p>Les contributions des habitants et des associations (idées, commentaires) sont publiées "
                     "sous la responsabilité de leurs auteurs et modérées afin de rester licites et courtoises. "
                     "Les règles de modération seront publiées avec les fonctions de participation.</p>"),
                    ("heading", "Données de référence et réutilisation"),
                    ("rich_text",
                     "<p>La liste des collectivités territoriales, leurs codes et leurs populations proviennent "
                     "du Haut-Commissariat au Plan (recensements généraux de la population et de l'habitat 2014 "
                     "et 2024) ; la localisation des communes provient d'OpenStreetMap. Les conditions de "
                     "réutilisation sont précisées sur la page <a href=\"/fr/open-data/\">Données ouvertes</a>.</p>"),
                    ("heading", "Hébergement"),
                    ("rich_text", "<p>Les informations sur l'hébergement de la plateforme seront publiées ici à son ouverture au public.</p>"),
                    ("heading", "Données personnelles, accessibilité, contact"),
                    ("rich_text",
                     "<p>Le traitement de vos données est expliqué dans la page <a href=\"/fr/privacy/\">Protection "
                     "des données personnelles</a>, l'accessibilité de la plateforme dans la <a "
                     "href=\"/fr/accessibility/\">Déclaration d'accessibilité</a>. Pour écrire à l'équipe du "
                     "réseau, voir la page <a href=\"/fr/contact/\">Contact</a>.</p>"),
                ],
            },
            "en": {
                "title": "Legal notice",
                "introduction": "Who publishes this platform, who answers for its content, and on what terms it may be reused.",
                "body": [
                    ("heading", "Publisher"),
                    ("rich_text",
                     "<p>This platform is published by the <b>Ministry of the Interior – General Directorate of "
                     "Territorial Collectivities (DGCT)</b>, Rabat, Kingdom of Morocco, as part of the Support "
                     "Programme for Open Territorial Collectivities, run with the Association of Moroccan Regions "
                     "and the Impact for Development association. The DGCT operates the platform and answers for "
                     "its publication.</p>"),
                    ("heading", "Content published by members"),
                    ("rich_text",
                     "<p>Each member of the network (region, prefecture, province or commune) publishes and "
                     "updates its own space: its openness programme, news, meetings and documents. Each member "
                     "is responsible for what it publishes there.</p>"
                     "<p>Contributions from residents and associations (ideas, comments) are published under "
                     "their authors' responsibility and are moderated so that they stay lawful and civil. The "
                     "moderation rules will be published with the participation features.</p>"),
                    ("heading", "Reference data and reuse"),
                    ("rich_text",
                     "<p>The list of territorial collectivities, their codes and populations come from the "
                     "High Commission for Planning (HCP, general censuses of population and housing 2014 and "
                     "2024); the location of communes comes from OpenStreetMap. The terms of reuse are set out "
                     "on the <a href=\"/en/open-data/\">open data</a> page.</p>"),
                    ("heading", "Hosting"),
                    ("rich_text", "<p>Details of the platform's hosting will be published here when it opens to the public.</p>"),
                    ("heading", "Personal data, accessibility, contact"),
                    ("rich_text",
                     "<p>How your data are handled is explained in the <a href=\"/en/privacy/\">privacy "
                     "notice</a>, and the platform's accessibility in the <a href=\"/en/accessibility/\">"
                     "accessibility statement</a>. To write to the network's team, see the <a "
                     "href=\"/en/contact/\">contact</a> page.</p>"),
                ],
            },
            "zgh": {
                "title": "ⵜⵉⵏⵖⵎⵉⵙⵉⵏ ⵜⵉⵏⴰⴹⵓⵏⵉⵏ",
                "introduction": "",
                "body": [_zgh_full_text("legal-notice/")],
            },
        },
    },
    {
        "role": "privacy",
        "slug": "privacy",
        "text": {
            "ar": {
                "title": "حماية المعطيات الشخصية",
                "introduction": (
                    "ما هي المعطيات الشخصية التي تحتفظ بها هذه المنصة، ولماذا، وإلى متى، وكيف يمكنكم الاطلاع "
                    "عليها وتصحيحها وحذفها، طبقا للقانون رقم 09.08 المتعلق بحماية الأشخاص الذاتيين تجاه "
                    "معالجة المعطيات ذات الطابع الشخصي."
                ),
                "body": [
                    ("heading", "المسؤول عن المعالجة"),
                    ("rich_text",
                     "<p>المسؤول عن المعالجة هو <b>وزارة الداخلية – المديرية العامة للجماعات الترابية</b>، "
                     "التي تشغّل هذه المنصة لفائدة الشبكة المغربية للجماعات الترابية المنفتحة. ويعالج أطر كل "
                     "جماعة ترابية عضو المساهماتِ الموجهة إلى جماعتهم، لحساب المديرية العامة وفي هذا الغرض "
                     "وحده.</p>"
                     "<p>تخضع هذه المعالجة للقانون رقم 09.08 الصادر بتنفيذه الظهير الشريف رقم 1.09.15 بتاريخ "
                     "18 فبراير 2009، ولمراقبة اللجنة الوطنية لمراقبة حماية المعطيات ذات الطابع الشخصي.</p>"),
                    ("heading", "ما نحتفظ به"),
                    ("rich_text",
                     "<ul>"
                     "<li><b>حسابكم</b>: عنوان بريدكم الإلكتروني، وكلمة المرور (محفوظة في شكل مشفر لا يمكن "
                     "استرجاعه)، والاسم الذي تختارون إظهاره للعموم (اختياري)، ولغتكم، وتاريخ إنشاء الحساب وآخر "
                     "استعمال له.</li>"
                     "<li><b>مساهماتكم</b>: الأفكار والتعليقات والتأييدات التي تنشرونها، مع تاريخها والجماعة "
                     "الموجهة إليها. وهي علنية، تظهر بالاسم الذي اخترتموه.</li>"
                     "<li><b>موافقاتكم</b>: ما وافقتم عليه ومتى.</li>"
                     "<li><b>الرسائل المبعوثة إليكم ومتابعاتكم</b>: موضوع كل رسالة وعنوانها وتاريخها (دون "
                     "محتواها)، والجماعات الترابية التي تتابعونها.</li>"
                     "<li><b>بالنسبة للأطر والمنسقين</b>: الجماعة التي يعملون لحسابها، ووسيلة التحقق بخطوتين "
                     "(مفتاح تطبيق المصادقة ورموز الاسترجاع)، وسجل التعديلات التي يجرونها في فضاء الإدارة.</li>"
                     "<li><b>معطيات تقنية</b>: ملفات تعريف الارتباط الضرورية لعمل المنصة (الجلسة، والحماية من "
                     "الاستمارات المزورة، واللغة المختارة)، وسجلات الخادم (عنوان IP، والتاريخ، والصفحة "
                     "المطلوبة) التي تُحفظ لأغراض الأمن.</li>"
                     "</ul>"
                     "<p>لا نستعمل ملفات تعريف الارتباط الخاصة بالإشهار أو بقياس الجمهور، ولا تحمّل أي صفحة من "
                     "المنصة محتوى من موقع آخر.</p>"),
                    ("heading", "لماذا"),
                    ("rich_text",
                     "<ul>"
                     "<li>لتمكينكم من إنشاء حساب والدخول إليه بأمان؛</li>"
                     "<li>لتمكين المواطنات والمواطنين والجمعيات من المشاركة في إعداد برنامج انفتاح جماعتهم "
                     "وتتبعه وتقييمه، وتمكين الجماعة من الرد عليهم؛</li>"
                     "<li>لإرسال الرسائل التي طلبتموها (تأكيد عنوانكم، والردود على أفكاركم، والإشعارات)؛</li>"
                     "<li>لحماية المنصة من التجاوزات (تحديد محاولات الدخول، والإشراف على المساهمات)؛</li>"
                     "<li>لإعداد إحصائيات عن المشاركة لا تتضمن أي معطى شخصي.</li>"
                     "</ul>"),
                    ("heading", "من يطلع عليها"),
                    ("rich_text",
                     "<p>لا يُنشر عنوان بريدكم الإلكتروني أبدا. لا يطلع عليه إلا مسيرو المنصة بالمديرية العامة "
                     "للجماعات الترابية، وعند مساهمتكم لدى جماعة ما، أطرها والمشرفون على المساهمات فيها. ولا "
                     "تُباع معطياتكم ولا تُستعمل لأغراض إشهارية.</p>"),
                    ("heading", "مدة الاحتفاظ"),
                    ("rich_text",
                     "<ul>"
                     "<li>معطيات الحساب: ما دام حسابكم قائما، ويمكنكم حذفه في أي وقت؛</li>"
                     "<li>المساهمات العلنية: ما دام برنامج الانفتاح الذي تتعلق به منشورا، لأنها جزء من السجل "
                     "العلني للتشاور؛ وعند حذف حسابكم تبقى دون اسمكم؛</li>"
                     "<li>الرسائل الإلكترونية التي نبعثها إليكم: يُمحى محتواها (بما فيه روابط تأكيد العنوان "
                     "وإعادة تعيين كلمة المرور) فور إرسالها، ويُحتفظ بموضوعها وعنوانها وتاريخها مدة "
                     "{mail_retention} ثم تُمحى، وكذلك الرسالة التي تعذر إرسالها خلال هذه المدة؛ ويمحوها حذف "
                     "حسابكم فورا، بما فيها التي لم تُرسل بعد؛</li>"
                     "<li>متابعتكم لجماعة ترابية: إلى أن توقفوا المتابعة أو تحذفوا حسابكم؛</li>"
                     "<li>سجل التعديلات المنجزة في فضاء الإدارة (من عدّل أي صفحة أو أي بطاقة، ومتى): يُحفظ مع "
                     "المحتويات التي يصفها، أثرا لأعمال الإدارة؛ وعند حذف حساب أحد الأطر تبقى مدخلاته دون "
                     "اسمه؛</li>"
                     "<li>سجلات الخادم: 6 أشهر؛</li>"
                     "<li>ملف تعريف الارتباط الخاص بالجلسة: أسبوعان على الأكثر أو إلى حين الخروج، وجلسات الأطر "
                     "التي تفتح فضاء الإدارة أقصر من ذلك؛ وملف اللغة: سنة واحدة.</li>"
                     "</ul>"),
                    ("heading", "حقوقكم"),
                    ("rich_text",
                     "<p>يخولكم القانون رقم 09.08 الحق في الإخبار، وفي الولوج إلى معطياتكم وتصحيحها، وفي "
                     "التعرض على معالجتها (المواد 5 و7 و8 و9). ويعني ذلك على هذه المنصة أنه يمكنكم:</p>"
                     "<ul>"
                     "<li><b>الاطلاع</b> على معطياتكم والحصول على نسخة منها؛</li>"
                     "<li><b>تصحيحها</b>: اسمكم وعنوان بريدكم من حسابكم؛</li>"
                     "<li><b>حذف</b> حسابكم: يُمحى حينئذ عنوان بريدكم واسمكم، وتبقى مساهماتكم العلنية دون "
                     "اسمكم؛</li>"
                     "<li><b>سحب موافقة</b> في أي وقت، بالنسبة للمستقبل.</li>"
                     "</ul>"
                     "<p>لممارسة هذه الحقوق، استعملوا صفحة حسابكم أو راسلوا المديرية العامة للجماعات الترابية "
                     "عبر صفحة <a href=\"/ar/contact/\">اتصل بنا</a>، مع تحديد الحساب المعني. وإذا لم يُرضكم "
                     "الجواب، يمكنكم اللجوء إلى اللجنة الوطنية لمراقبة حماية المعطيات ذات الطابع الشخصي "
                     "(<a href=\"https://www.cndp.ma\">www.cndp.ma</a>).</p>"),
                    ("heading", "التصريح لدى اللجنة الوطنية"),
                    ("rich_text", "<p>سيُنشر هنا مرجع التصريح بهذه المعالجة لدى اللجنة الوطنية لمراقبة حماية المعطيات ذات الطابع الشخصي.</p>"),
                ],
            },
            "fr": {
                "title": "Protection des données personnelles",
                "introduction": (
                    "Quelles données personnelles cette plateforme conserve, pourquoi, combien de temps, et "
                    "comment les consulter, les rectifier ou les supprimer, conformément à la loi n° 09-08 "
                    "relative à la protection des personnes physiques à l'égard du traitement des données à "
                    "caractère personnel."
                ),
                "body": [
                    ("heading", "Responsable du traitement"),
                    ("rich_text",
                     "<p>Le responsable du traitement est le <b>ministère de l'Intérieur – Direction générale "
                     "des collectivités territoriales (DGCT)</b>, qui exploite cette plateforme pour le Réseau "
                     "marocain des collectivités territoriales ouvertes. Les équipes de chaque collectivité "
                     "membre traitent les contributions adressées à leur collectivité, pour le compte de la DGCT "
                     "et à cette seule fin.</p>"
                     "<p>Ce traitement est soumis à la loi n° 09-08 promulguée par le dahir n° 1-09-15 du "
                     "18 février 2009 et au contrôle de la Commission nationale de contrôle de la protection des "
                     "données à caractère personnel (CNDP).</p>"),
                    ("heading", "Ce que nous conservons"),
                    ("rich_text",
                     "<ul>"
                     "<li><b>Votre compte</b> : votre adresse e-mail, votre mot de passe (conservé uniquement "
                     "sous une forme chiffrée irréversible), le nom que vous choisissez d'afficher (facultatif), "
                     "votre langue, et les dates de création et de dernière utilisation du compte.</li>"
                     "<li><b>Vos contributions</b> : les idées, commentaires et soutiens que vous publiez, avec "
                     "leur date et la collectivité à laquelle ils s'adressent. Ils sont publics, sous le nom que "
                     "vous avez choisi.</li>"
                     "<li><b>Vos consentements</b> : ce que vous avez accepté, et quand.</li>"
                     "<li><b>Vos messages et vos abonnements</b> : l'objet, l'adresse et la date des messages "
                     "qui vous sont envoyés (pas leur contenu), et les collectivités que vous suivez.</li>"
                     "<li><b>Pour les équipes et les coordinateurs</b> : la collectivité pour laquelle ils "
                     "travaillent, leur second facteur d'authentification (clé d'application d'authentification "
                     "et codes de récupération) et l'historique des modifications qu'ils font dans "
                     "l'administration.</li>"
                     "<li><b>Données techniques</b> : les cookies nécessaires au fonctionnement (session, "
                     "protection contre les formulaires falsifiés, langue choisie) et les journaux du serveur "
                     "(adresse IP, date, page demandée), conservés pour la sécurité.</li>"
                     "</ul>"
                     "<p>Nous n'utilisons aucun cookie de publicité ou de mesure d'audience, et aucune page de la "
                     "plateforme ne charge de contenu depuis un autre site.</p>"),
                    ("heading", "Pourquoi"),
                    ("rich_text",
                     "<ul>"
                     "<li>pour vous permettre de créer un compte et de vous connecter en sécurité ;</li>"
                     "<li>pour permettre aux habitants et aux associations de participer à l'élaboration, au "
                     "suivi et à l'évaluation du programme d'ouverture de leur collectivité, et à celle-ci de "
                     "leur répondre ;</li>"
                     "<li>pour envoyer les messages que vous avez demandés (confirmation de votre adresse, "
                     "réponses à vos idées, notifications) ;</li>"
                     "<li>pour protéger la plateforme contre les abus (limitation des tentatives de connexion, "
                     "modération) ;</li>"
                     "<li>pour produire des statistiques de participation qui ne contiennent aucune donnée "
                     "personnelle.</li>"
                     "</ul>"),
                    ("heading", "Qui y a accès"),
                    ("rich_text",
                     "<p>Votre adresse e-mail n'est jamais publiée. Seuls la voient les administrateurs de la "
                     "plateforme à la DGCT et, lorsque vous contribuez auprès d'une collectivité, ses équipes et "
                     "ses modérateurs. Vos données ne sont ni vendues ni utilisées à des fins publicitaires.</p>"),
                    ("heading", "Durée de conservation"),
                    ("rich_text",
                     "<ul>"
                     "<li>données du compte : tant que votre compte existe ; vous pouvez le supprimer à tout "
                     "moment ;</li>"
                     "<li>contributions publiques : tant que le programme d'ouverture auquel elles se rapportent "
                     "est publié, car elles font partie du dossier public de la concertation ; si vous supprimez "
                     "votre compte, elles restent sans votre nom ;</li>"
                     "<li>messages que nous vous envoyons : leur contenu (dont les liens de confirmation "
                     "d'adresse ou de réinitialisation du mot de passe) est effacé dès l'envoi ; leur objet, "
                     "leur adresse et leur date sont conservés {mail_retention}, puis effacés, de même qu'un "
                     "message qui n'a pu partir dans ce délai ; la suppression de votre compte les efface "
                     "aussitôt, y compris ceux qui n'étaient pas encore partis ;</li>"
                     "<li>abonnement à une collectivité : jusqu'à ce que vous cessiez de la suivre ou "
                     "supprimiez votre compte ;</li>"
                     "<li>historique des modifications faites dans l'administration (qui a modifié quelle page "
                     "ou quelle fiche, et quand) : conservé avec les contenus qu'il décrit, comme trace des "
                     "actes de l'administration ; si le compte d'un membre des équipes est supprimé, ses "
                     "entrées restent, sans son nom ;</li>"
                     "<li>journaux du serveur : 6 mois ;</li>"
                     "<li>cookie de session : deux semaines au plus, ou jusqu'à la déconnexion ; les sessions "
                     "des équipes, qui ouvrent l'administration, sont plus courtes ; cookie de langue : un "
                     "an.</li>"
                     "</ul>"),
                    ("heading", "Vos droits"),
                    ("rich_text",
                     "<p>La loi n° 09-08 vous reconnaît un droit à l'information, un droit d'accès, un droit de "
                     "rectification et un droit d'opposition (articles 5, 7, 8 et 9). Sur cette plateforme, vous "
                     "pouvez donc :</p>"
                     "<ul>"
                     "<li><b>consulter</b> vos données et en obtenir une copie ;</li>"
                     "<li><b>les rectifier</b> : votre nom et votre adresse e-mail depuis votre compte ;</li>"
                     "<li><b>supprimer</b> votre compte : votre adresse e-mail et votre nom sont alors effacés, "
                     "vos contributions publiques restent sans votre nom ;</li>"
                     "<li><b>retirer un consentement</b> à tout moment, pour l'avenir.</li>"
                     "</ul>"
                     "<p>Pour exercer ces droits, utilisez la page de votre compte ou écrivez à la DGCT par la "
                     "page <a href=\"/fr/contact/\">Contact</a>, en indiquant le compte concerné. Si la réponse "
                     "ne vous satisfait pas, vous pouvez saisir la CNDP (<a "
                     "href=\"https://www.cndp.ma\">www.cndp.ma</a>).</p>"),
                    ("heading", "Déclaration à la CNDP"),
                    ("rich_text", "<p>La référence de la déclaration de ce traitement à la CNDP sera publiée ici.</p>"),
                ],
            },
            "en": {
                "title": "Privacy notice",
                "introduction": (
                    "What personal data this platform keeps, why, for how long, and how you can see, correct or "
                    "delete them, under Law No. 09-08 on the protection of individuals with regard to the "
                    "processing of personal data."
                ),
                "body": [
                    ("heading", "Who is responsible"),
                    ("rich_text",
                     "<p>The data controller is the <b>Ministry of the Interior – General Directorate of "
                     "Territorial Collectivities (DGCT)</b>, which operates this platform for the Moroccan "
                     "Network of Open Territorial Collectivities. The staff of each member collectivity process "
                     "the contributions addressed to their collectivity, on the DGCT's behalf and for that "
                     "purpose only.</p>"
                     "<p>This processing is subject to Law No. 09-08, promulgated by Dahir No. 1-09-15 of "
                     "18 February 2009, and to the supervision of the National Commission for the Control of "
                     "Personal Data Protection (CNDP).</p>"),
                    ("heading", "What we keep"),
                    ("rich_text",
                     "<ul>"
                     "<li><b>Your account</b>: your e-mail address, your password (kept only in an "
                     "irreversible, hashed form), the name you choose to show publicly (optional), your "
                     "language, and when your account was created and last used.</li>"
                     "<li><b>Your contributions</b>: the ideas, comments and supports you publish, with their "
                     "date and the collectivity they are addressed to. They are public, shown under the name "
                     "you chose.</li>"
                     "<li><b>Your consents</b>: what you agreed to, and when.</li>"
                     "<li><b>Mails and follows</b>: the subject, address and date of the mails sent to you "
                     "(not their content), and the members you follow.</li>"
                     "<li><b>For staff and coordinators</b>: the collectivity they work for, their second "
                     "factor (an authenticator-app key and recovery codes), and the history of the changes "
                     "they make in the administration.</li>"
                     "<li><b>Technical data</b>: the cookies the platform needs to work (session, protection "
                     "against forged forms, chosen language) and server logs (IP address, date, page "
                     "requested), kept for security.</li>"
                     "</ul>"
                     "<p>We use no advertising or audience-measurement cookies, and no page of the platform "
                     "loads content from another site.</p>"),
                    ("heading", "Why"),
                    ("rich_text",
                     "<ul>"
                     "<li>to let you create an account and log in securely;</li>"
                     "<li>to let residents and associations take part in drafting, following and evaluating "
                     "their collectivity's openness programme, and to let the collectivity answer them;</li>"
                     "<li>to send the messages you asked for (confirming your address, answers to your ideas, "
                     "notifications);</li>"
                     "<li>to protect the platform against abuse (limits on log-in attempts, moderation);</li>"
                     "<li>to produce statistics on participation that contain no personal data.</li>"
                     "</ul>"),
                    ("heading", "Who can see them"),
                    ("rich_text",
                     "<p>Your e-mail address is never published. Only the platform's administrators at the "
                     "DGCT see it and, when you contribute to a collectivity, that collectivity's staff and "
                     "moderators. Your data are not sold, nor used for advertising.</p>"),
                    ("heading", "How long we keep them"),
                    ("rich_text",
                     "<ul>"
                     "<li>account data: as long as your account exists; you can delete it at any time;</li>"
                     "<li>public contributions: as long as the openness programme they belong to is published, "
                     "as part of the public record of the consultation; if you delete your account, they stay, "
                     "without your name;</li>"
                     "<li>mails we send you: their content (with the links that confirm an address or reset a "
                     "password) is erased as soon as they are sent; their subject, address and date are kept "
                     "for {mail_retention}, then erased, as is a mail that could not be sent within that "
                     "time; deleting your account erases them at once, unsent ones included;</li>"
                     "<li>following a member: until you stop following it or delete your account;</li>"
                     "<li>the history of changes made in the administration (who changed which page or "
                     "record, and when): kept with the content it describes, as the record of what the "
                     "administration did; if a staff account is deleted, its entries stay, without its "
                     "name;</li>"
                     "<li>server logs: 6 months;</li>"
                     "<li>session cookie: two weeks at most, or until you log out; staff sessions, which open "
                     "the administration, are shorter; language cookie: one year.</li>"
                     "</ul>"),
                    ("heading", "Your rights"),
                    ("rich_text",
                     "<p>Law No. 09-08 gives you the right to be informed, the right of access, the right of "
                     "rectification and the right to object (articles 5, 7, 8 and 9). On this platform, you "
                     "can therefore:</p>"
                     "<ul>"
                     "<li><b>see</b> your data and get a copy of them;</li>"
                     "<li><b>correct</b> them: your name and e-mail address, from your account;</li>"
                     "<li><b>delete</b> your account: your e-mail address and name are then erased, and your "
                     "public contributions stay without your name;</li>"
                     "<li><b>withdraw a consent</b> at any time, for the future.</li>"
                     "</ul>"
                     "<p>To exercise these rights, use your account page or write to the DGCT through the <a "
                     "href=\"/en/contact/\">contact</a> page, saying which account is concerned. If you are not "
                     "satisfied with the answer, you may refer the matter to the CNDP (<a "
                     "href=\"https://www.cndp.ma\">www.cndp.ma</a>).</p>"),
                    ("heading", "Declaration to the CNDP"),
                    ("rich_text", "<p>The reference of this processing's declaration to the CNDP will be published here.</p>"),
                ],
            },
            "zgh": {
                "title": "ⴰⵙⵎⵔⵙ ⵏ ⵉⵙⴼⴽⴰ ⵏ ⵓⵎⴷⴰⵏ",
                "introduction": "",
                "body": [_zgh_full_text("privacy/")],
            },
        },
    },
    {
        "role": "accessibility",
        "slug": "accessibility",
        "text": {
            "ar": {
                "title": "تصريح الولوجيات",
                "introduction": "نريد أن تكون المنصة في متناول الجميع، أيا كان جهازهم أو لغتهم أو إعاقتهم.",
                "body": [
                    ("heading", "هدفنا"),
                    ("rich_text",
                     "<p>نبني المنصة لتستجيب <b>لإرشادات الولوج إلى محتوى الويب (WCAG) 2.1، المستوى AA</b>، "
                     "بلغاتها الأربع: العربية (من اليمين إلى اليسار)، والفرنسية، والأمازيغية (بحرف تيفيناغ)، "
                     "والإنجليزية.</p>"),
                    ("heading", "ما نقوم به"),
                    ("rich_text",
                     "<ul>"
                     "<li>يمكن استعمال كل صفحة بلوحة المفاتيح وحدها، مع تركيز ظاهر ورابط للانتقال مباشرة إلى "
                     "المحتوى؛</li>"
                     "<li>تتباين النصوص مع خلفيتها (بنسبة 4.5:1 على الأقل) ويمكن تكبيرها؛</li>"
                     "<li>الأزرار والروابط كبيرة بما يكفي للمسها على الهاتف؛</li>"
                     "<li>تعلن كل صفحة لغتها واتجاهها، وتُميَّز الأسماء المكتوبة بحرف آخر حتى تنطقها قارئات "
                     "الشاشة نطقا صحيحا؛</li>"
                     "<li>تُفحص الصفحات آليا بأداة axe-core، بالعربية والفرنسية، على شاشات الهاتف والحاسوب؛</li>"
                     "<li>تقدم المنصة بنفسها خطوط الحروف العربية وتيفيناغ واللاتينية، فتُعرض النصوص عرضا "
                     "صحيحا حتى على الهواتف البسيطة.</li>"
                     "</ul>"),
                    ("heading", "حدود معروفة"),
                    ("rich_text",
                     "<ul>"
                     "<li>النسخة الأمازيغية من الواجهة مؤقتة وغير مكتملة: تظهر النصوص الناقصة بالفرنسية؛</li>"
                     "<li>قد لا تكون الوثائق (PDF) التي ينشرها الأعضاء قابلة للولوج؛ اطلبوا من العضو المعني "
                     "نسخة قابلة للولوج؛</li>"
                     "<li>فضاء الإدارة الذي يستعمله الأطر هو فضاء Wagtail، ويتابع مطوروه قابليته للولوج.</li>"
                     "</ul>"),
                    ("heading", "الإبلاغ عن مشكل"),
                    ("rich_text",
                     "<p>إذا تعذر عليكم استعمال صفحة أو وثيقة، أخبرونا: سنرد عليكم، ونقدم لكم المعلومة في شكل "
                     "آخر عند الحاجة. راسلونا عبر صفحة <a href=\"/ar/contact/\">اتصل بنا</a> مع ذكر:</p>"
                     "<ul>"
                     "<li>عنوان الصفحة (أو اسم الوثيقة)؛</li>"
                     "<li>ما كنتم تحاولون القيام به، وما الذي حدث؛</li>"
                     "<li>جهازكم ومتصفحكم، والتقنية المساعدة إن كنتم تستعملونها (قارئ الشاشة، المكبّر…).</li>"
                     "</ul>"),
                    ("heading", "وضعية هذا التصريح"),
                    ("rich_text", "<p>يصف هذا التصريح المنصة وهي في طور البناء، وسيُحيَّن بعد كل افتحاص لقابلية الولوج.</p>"),
                ],
            },
            "fr": {
                "title": "Déclaration d'accessibilité",
                "introduction": "Nous voulons que la plateforme soit utilisable par toutes et tous, quels que soient leur appareil, leur langue ou leur handicap.",
                "body": [
                    ("heading", "Notre objectif"),
                    ("rich_text",
                     "<p>Nous construisons la plateforme pour qu'elle respecte les <b>Règles pour l'accessibilité "
                     "des contenus web (WCAG) 2.1, niveau AA</b>, dans ses quatre langues : l'arabe (de droite à "
                     "gauche), le français, l'amazighe (en tifinagh) et l'anglais.</p>"),
                    ("heading", "Ce que nous faisons"),
                    ("rich_text",
                     "<ul>"
                     "<li>chaque page s'utilise au clavier seul, avec un focus visible et un lien d'accès direct "
                     "au contenu ;</li>"
                     "<li>les textes contrastent avec leur fond (rapport d'au moins 4,5:1) et peuvent être "
                     "agrandis ;</li>"
                     "<li>boutons et liens sont assez grands pour être touchés sur un téléphone ;</li>"
                     "<li>chaque page déclare sa langue et son sens d'écriture, et les noms écrits dans une autre "
                     "écriture sont balisés pour que les lecteurs d'écran les prononcent correctement ;</li>"
                     "<li>les pages sont vérifiées automatiquement avec l'outil axe-core, en arabe et en "
                     "français, sur écran de téléphone et d'ordinateur ;</li>"
                     "<li>les polices des écritures arabe, tifinagh et latine sont servies par la plateforme "
                     "elle-même, pour un affichage correct même sur des téléphones simples.</li>"
                     "</ul>"),
                    ("heading", "Limites connues"),
                    ("rich_text",
                     "<ul>"
                     "<li>la version amazighe de l'interface est provisoire et incomplète : les textes manquants "
                     "s'affichent en français ;</li>"
                     "<li>les documents (PDF) publiés par les membres peuvent ne pas être accessibles ; "
                     "demandez-en une version accessible au membre concerné ;</li>"
                     "<li>l'administration utilisée par les équipes est celle de Wagtail, dont l'accessibilité "
                     "est suivie par ses développeurs.</li>"
                     "</ul>"),
                    ("heading", "Signaler un problème"),
                    ("rich_text",
                     "<p>Si vous ne pouvez pas utiliser une page ou un document, dites-le-nous : nous vous "
                     "répondrons et vous fournirons l'information sous une autre forme si nécessaire. Écrivez-"
                     "nous par la page <a href=\"/fr/contact/\">Contact</a> en indiquant :</p>"
                     "<ul>"
                     "<li>l'adresse de la page (ou le nom du document) ;</li>"
                     "<li>ce que vous cherchiez à faire, et ce qui s'est passé ;</li>"
                     "<li>votre appareil, votre navigateur et, le cas échéant, votre aide technique (lecteur "
                     "d'écran, loupe…).</li>"
                     "</ul>"),
                    ("heading", "État de cette déclaration"),
                    ("rich_text", "<p>Cette déclaration décrit la plateforme en cours de construction ; elle sera mise à jour après chaque audit d'accessibilité.</p>"),
                ],
            },
            "en": {
                "title": "Accessibility statement",
                "introduction": "We want everyone to be able to use the platform, whatever their device, their language or their disability.",
                "body": [
                    ("heading", "Our target"),
                    ("rich_text",
                     "<p>We build the platform to meet the <b>Web Content Accessibility Guidelines (WCAG) 2.1, "
                     "level AA</b>, in its four languages: Arabic (right to left), French, Tamazight (Tifinagh "
                     "script) and English.</p>"),
                    ("heading", "What we do"),
                    ("rich_text",
                     "<ul>"
                     "<li>every page can be used with the keyboard alone, with a visible focus and a link that "
                     "skips to the content;</li>"
                     "<li>texts contrast with their background (a ratio of at least 4.5:1) and can be "
                     "enlarged;</li>"
                     "<li>buttons and links are large enough to be touched on a phone;</li>"
                     "<li>each page declares its language and direction, and names in another script are marked "
                     "so that screen readers pronounce them correctly;</li>"
                     "<li>pages are checked automatically with the axe-core tool, in Arabic and in French, on "
                     "phone and computer screens;</li>"
                     "<li>fonts for the Arabic, Tifinagh and Latin scripts are served by the platform itself, so "
                     "that texts display correctly even on simple phones.</li>"
                     "</ul>"),
                    ("heading", "Known limitations"),
                    ("rich_text",
                     "<ul>"
                     "<li>the Tamazight version of the interface is provisional and incomplete: missing texts "
                     "are shown in French;</li>"
                     "<li>documents (PDF) published by members may not be accessible; ask the member concerned "
                     "for an accessible version;</li>"
                     "<li>the administration used by staff is Wagtail's, whose accessibility its own developers "
                     "follow.</li>"
                     "</ul>"),
                    ("heading", "Report a problem"),
                    ("rich_text",
                     "<p>If you cannot use a page or a document, tell us: we will answer, and give you the "
                     "information in another form if needed. Write to us through the <a "
                     "href=\"/en/contact/\">contact</a> page and give:</p>"
                     "<ul>"
                     "<li>the address of the page (or the name of the document);</li>"
                     "<li>what you were trying to do, and what happened;</li>"
                     "<li>your device, your browser and, if you use one, your assistive technology (screen "
                     "reader, magnifier…).</li>"
                     "</ul>"),
                    ("heading", "Status of this statement"),
                    ("rich_text", "<p>This statement describes the platform as it is being built; it will be updated after each accessibility audit.</p>"),
                ],
            },
            "zgh": {
                "title": "ⵜⵉⵣⵎⵎⴰⵔⵜ ⵏ ⵓⴽⵛⵛⵓⵎ",
                "introduction": "",
                "body": [_zgh_full_text("accessibility/")],
            },
        },
    },
    {
        "role": "contact",
        "slug": "contact",
        "text": {
            "ar": {
                "title": "اتصل بنا",
                "introduction": "بمن تتصلون، حسب موضوع سؤالكم.",
                "body": [
                    ("heading", "سؤال عن جماعتكم"),
                    ("rich_text",
                     "<p>لأي سؤال عن برنامج انفتاح جماعة ترابية، أو عن الأفكار أو اللقاءات أو المشاريع، راسلوا "
                     "أطرها: تجدون عنوانهم في صفحة الجماعة، انطلاقا من <a href=\"/ar/members/\">دليل "
                     "الأعضاء</a>.</p>"),
                    ("heading", "سؤال عن الشبكة أو المنصة"),
                    ("rich_text",
                     "<p>تتولى تنسيق الشبكة المديرية العامة للجماعات الترابية بوزارة الداخلية، الرباط. لأي سؤال "
                     "عن برنامج دعم الجماعات الترابية المنفتحة، أو عن الانضمام إلى الشبكة، أو عن المنصة نفسها، "
                     "راسلوا فريق التنسيق.</p>"
                     "<p>سيُنشر هنا عنوان البريد الإلكتروني لفريق التنسيق عند فتح المنصة للعموم.</p>"),
                    ("heading", "أطر الجماعات الأعضاء"),
                    ("rich_text",
                     "<p>إذا كنتم تعملون لدى جماعة عضو وتحتاجون إلى حساب في فضاء الإدارة، اطلبوه من نقطة "
                     "الارتكاز في جماعتكم أو من فريق التنسيق.</p>"),
                    ("heading", "معطياتكم الشخصية"),
                    ("rich_text",
                     "<p>للاطلاع على معطياتكم أو تصحيحها أو حذفها، اقرؤوا صفحة <a href=\"/ar/privacy/\">حماية "
                     "المعطيات الشخصية</a>: فهي تشرح كيفية ممارسة حقوقكم.</p>"),
                    ("heading", "مشكل في الولوج"),
                    ("rich_text",
                     "<p>للإبلاغ عن صفحة أو وثيقة يتعذر عليكم استعمالها، اقرؤوا <a "
                     "href=\"/ar/accessibility/\">تصريح الولوجيات</a>: فهو يبين ما ينبغي ذكره في رسالتكم.</p>"),
                ],
            },
            "fr": {
                "title": "Contact",
                "introduction": "À qui écrire, selon votre question.",
                "body": [
                    ("heading", "Une question sur votre collectivité"),
                    ("rich_text",
                     "<p>Pour toute question sur le programme d'ouverture d'une collectivité, ses idées, ses "
                     "rencontres ou ses projets, écrivez à ses équipes : leur contact figure sur la page de la "
                     "collectivité, que vous trouverez dans l'<a href=\"/fr/members/\">annuaire des "
                     "membres</a>.</p>"),
                    ("heading", "Une question sur le réseau ou la plateforme"),
                    ("rich_text",
                     "<p>Le réseau est coordonné par la Direction générale des collectivités territoriales (DGCT) "
                     "du ministère de l'Intérieur, à Rabat. Pour toute question sur le Programme d'appui aux "
                     "collectivités territoriales ouvertes, l'adhésion au réseau ou la plateforme elle-même, "
                     "écrivez à l'équipe de coordination.</p>"
                     "<p>L'adresse e-mail de l'équipe de coordination sera publiée ici à l'ouverture de la "
                     "plateforme au public.</p>"),
                    ("heading", "Équipes des collectivités membres"),
                    ("rich_text",
                     "<p>Si vous travaillez pour une collectivité membre et avez besoin d'un compte dans "
                     "l'administration, demandez-le au point focal de votre collectivité ou à l'équipe de "
                     "coordination.</p>"),
                    ("heading", "Vos données personnelles"),
                    ("rich_text",
                     "<p>Pour consulter, rectifier ou supprimer vos données, lisez la page <a "
                     "href=\"/fr/privacy/\">Protection des données personnelles</a> : elle explique comment "
                     "exercer vos droits.</p>"),
                    ("heading", "Un problème d'accessibilité"),
                    ("rich_text",
                     "<p>Pour signaler une page ou un document que vous ne pouvez pas utiliser, lisez la <a "
                     "href=\"/fr/accessibility/\">Déclaration d'accessibilité</a> : elle indique quoi nous "
                     "préciser.</p>"),
                ],
            },
            "en": {
                "title": "Contact",
                "introduction": "Who to write to, depending on your question.",
                "body": [
                    ("heading", "A question about your collectivity"),
                    ("rich_text",
                     "<p>For a question about a collectivity's openness programme, its ideas, meetings or "
                     "projects, write to its staff: their contact is on the collectivity's page, which you will "
                     "find in the <a href=\"/en/members/\">members directory</a>.</p>"),
                    ("heading", "A question about the network or the platform"),
                    ("rich_text",
                     "<p>The network is coordinated by the General Directorate of Territorial Collectivities "
                     "(DGCT) of the Ministry of the Interior, in Rabat. For a question about the Support "
                     "Programme for Open Territorial Collectivities, joining the network, or the platform itself, "
                     "write to the coordination team.</p>"
                     "<p>The coordination team's e-mail address will be published here when the platform opens "
                     "to the public.</p>"),
                    ("heading", "Staff of member collectivities"),
                    ("rich_text",
                     "<p>If you work for a member collectivity and need an account in the administration, ask "
                     "your collectivity's focal point or the coordination team.</p>"),
                    ("heading", "Your personal data"),
                    ("rich_text",
                     "<p>To see, correct or delete your data, read the <a href=\"/en/privacy/\">privacy "
                     "notice</a>: it explains how to exercise your rights.</p>"),
                    ("heading", "An accessibility problem"),
                    ("rich_text",
                     "<p>To report a page or document you cannot use, read the <a "
                     "href=\"/en/accessibility/\">accessibility statement</a>: it says what to tell us.</p>"),
                ],
            },
            "zgh": {
                "title": "ⴰⵎⵢⴰⵡⴰⴹ",
                "introduction": "",
                "body": [_zgh_full_text("contact/")],
            },
        },
    },
    {
        "role": "open-data",
        "slug": "open-data",
        "text": {
            "ar": {
                "title": "المعطيات المفتوحة",
                "introduction": "تنشر المنصة معطياتها العمومية عبر واجهة برمجية مفتوحة للقراءة فقط، مجانا ودون تسجيل.",
                "body": [
                    ("heading", "الجماعات الترابية بالمغرب"),
                    ("rich_text",
                     "<p>يقدم العنوان <a href=\"/api/v2/territories/\"><code>/api/v2/territories/</code></a> "
                     "قائمة كل الجماعات الترابية بالمغرب: الجهات الـ12، والعمالات والأقاليم الـ75 (والعمالات "
                     "الثماني للمقاطعات، للاطلاع فقط، إذ لا يمكنها الانضمام إلى الشبكة)، والجماعات الـ1503، "
                     "مع رمزها لدى المندوبية السامية للتخطيط، واسمها بالحرفين العربي واللاتيني، ومستواها، "
                     "وموقعها في التقسيم الترابي، وطابعها الحضري أو القروي، وعدد سكانها في 2014 و2024، "
                     "وعضويتها في الشبكة. الأجوبة بصيغة JSON، ويعطي الحقل <code>meta.total_count</code> "
                     "عدد النتائج.</p>"),
                    ("heading", "المرشحات"),
                    ("rich_text",
                     "<ul>"
                     "<li><code>level</code>: <code>region</code> (جهة)، أو <code>province</code> (عمالة أو "
                     "إقليم)، أو <code>commune</code> (جماعة)، أو <code>arrondissements_prefecture</code> "
                     "(عمالة مقاطعات)؛</li>"
                     "<li><code>region</code>: رمز الجهة، مثلا <code>09</code> لجهة سوس-ماسة؛</li>"
                     "<li><code>province</code>: رمز العمالة أو الإقليم، مثلا <code>09.001</code> لعمالة "
                     "أكادير-إدا وتنان؛</li>"
                     "<li><code>search</code>: جزء من الاسم، بالحرف العربي أو اللاتيني؛</li>"
                     "<li><code>member</code>: <code>true</code> لأعضاء الشبكة وحدهم، و<code>false</code> "
                     "لغيرهم؛</li>"
                     "<li><code>limit</code> و<code>offset</code> للتنقل بين صفحات النتائج.</li>"
                     "</ul>"
                     "<p>مثال: <a href=\"/api/v2/territories/?level=commune&amp;region=09&amp;member=true\">"
                     "<code>/api/v2/territories/?level=commune&amp;region=09&amp;member=true</code></a> يعطي "
                     "جماعات جهة سوس-ماسة الأعضاء في الشبكة.</p>"
                     "<p>ويقدم العنوان <a href=\"/api/v2/members/\"><code>/api/v2/members/</code></a> قائمة "
                     "أعضاء الشبكة، مع تاريخ انضمامهم وعنوان صفحتهم (المرشحات <code>level</code> و"
                     "<code>region</code> و<code>search</code>).</p>"),
                    ("heading", "التراخيص"),
                    ("rich_text",
                     "<p>مصدر المعطيات الترابية (الرموز والأسماء والتقسيم وعدد السكان) هو <b>المندوبية السامية "
                     "للتخطيط</b> (الإحصاء العام للسكان والسكنى 2014 و2024)؛ ويمكن إعادة استعمالها، بما في ذلك "
                     "لأغراض تجارية، وفق شروط ترخيص <a href=\"https://creativecommons.org/licenses/by/4.0/deed.ar\">"
                     "المشاع الإبداعي نسب المصنف 4.0 (CC BY 4.0)</a>: اذكروا المندوبية السامية للتخطيط، وبيّنوا "
                     "ما غيرتموه.</p>"
                     "<p>مصدر مواقع الجماعات (خط العرض وخط الطول) هو <b>OpenStreetMap</b>: <b>© المساهمون في "
                     "OpenStreetMap</b>، وهي متاحة بموجب <a href=\"https://opendatacommons.org/licenses/odbl/1-0/\">"
                     "ترخيص قاعدة البيانات المفتوحة (ODbL) 1.0</a>. وكل قاعدة بيانات تعيدون توزيعها وتتضمن هذه "
                     "الإحداثيات يجب أن تبقى خاضعة لترخيص ODbL.</p>"
                     "<p>مصدر معطيات العضوية هو سجلات الشبكة؛ وتذكر صفحة كل عضو المصادر العمومية لعضويته.</p>"),
                    ("heading", "حسن الاستعمال"),
                    ("rich_text",
                     "<p>الواجهة البرمجية مجانية ولا تتطلب مفتاحا. نرجو أن تبقى طلباتكم في حدود معقولة وأن "
                     "تحتفظوا بالأجوبة مؤقتا: فالقائمة لا تتغير إلا عند انضمام جماعة إلى الشبكة أو "
                     "مغادرتها.</p>"),
                ],
            },
            "fr": {
                "title": "Données ouvertes",
                "introduction": "La plateforme publie ses données publiques par une interface de programmation (API) ouverte, en lecture seule, gratuite et sans inscription.",
                "body": [
                    ("heading", "Les collectivités territoriales du Maroc"),
                    ("rich_text",
                     "<p>L'adresse <a href=\"/api/v2/territories/\"><code>/api/v2/territories/</code></a> "
                     "liste toutes les collectivités territoriales du Maroc : les 12 régions, les 75 préfectures "
                     "et provinces (et les 8 préfectures d'arrondissements, données pour référence : elles ne "
                     "peuvent pas adhérer au réseau) et les 1 503 communes, avec leur code HCP, leur nom en "
                     "écritures arabe et latine, leur niveau, leur place dans le découpage territorial, leur "
                     "caractère urbain ou rural, leur population en 2014 et 2024, et leur adhésion au réseau. "
                     "Les réponses sont en JSON ; <code>meta.total_count</code> donne le nombre de "
                     "résultats.</p>"),
                    ("heading", "Filtres"),
                    ("rich_text",
                     "<ul>"
                     "<li><code>level</code> : <code>region</code>, <code>province</code> (préfectures et "
                     "provinces), <code>commune</code> ou <code>arrondissements_prefecture</code> ;</li>"
                     "<li><code>region</code> : le code HCP d'une région, par exemple <code>09</code> pour "
                     "Souss-Massa ;</li>"
                     "<li><code>province</code> : le code HCP d'une préfecture ou province, par exemple "
                     "<code>09.001</code> pour Agadir-Ida-Ou-Tanane ;</li>"
                     "<li><code>search</code> : une partie du nom, en écriture arabe ou latine ;</li>"
                     "<li><code>member</code> : <code>true</code> pour les seuls membres du réseau, "
                     "<code>false</code> pour les autres ;</li>"
                     "<li><code>limit</code> et <code>offset</code> pour parcourir les résultats.</li>"
                     "</ul>"
                     "<p>Exemple : <a href=\"/api/v2/territories/?level=commune&amp;region=09&amp;member=true\">"
                     "<code>/api/v2/territories/?level=commune&amp;region=09&amp;member=true</code></a> liste les "
                     "communes de Souss-Massa membres du réseau.</p>"
                     "<p>L'adresse <a href=\"/api/v2/members/\"><code>/api/v2/members/</code></a> liste les "
                     "membres du réseau, avec leur date d'adhésion et l'adresse de leur page (filtres "
                     "<code>level</code>, <code>region</code> et <code>search</code>).</p>"),
                    ("heading", "Licences"),
                    ("rich_text",
                     "<p>Les données territoriales (codes, noms, découpage, populations) proviennent du "
                     "<b>Haut-Commissariat au Plan (HCP)</b>, recensements généraux de la population et de "
                     "l'habitat 2014 et 2024 ; elles sont réutilisables, y compris à des fins commerciales, aux "
                     "conditions de la licence <a href=\"https://creativecommons.org/licenses/by/4.0/deed.fr\">"
                     "Creative Commons Attribution 4.0 (CC BY 4.0)</a> : citez le HCP et indiquez vos "
                     "modifications.</p>"
                     "<p>La localisation des communes (latitude et longitude) provient d'<b>OpenStreetMap</b> : "
                     "<b>© les contributeurs d'OpenStreetMap</b>, sous licence <a "
                     "href=\"https://opendatacommons.org/licenses/odbl/1-0/\">Open Database License (ODbL) "
                     "1.0</a>. Toute base de données que vous redistribuez et qui inclut ces coordonnées doit "
                     "rester sous ODbL.</p>"
                     "<p>Les données d'adhésion proviennent des registres du réseau ; la page de chaque membre "
                     "cite les sources publiques de son adhésion.</p>"),
                    ("heading", "Bon usage"),
                    ("rich_text",
                     "<p>L'API est gratuite et ne demande pas de clé. Merci de limiter le nombre de requêtes et "
                     "de conserver les réponses en cache : la liste ne change que lorsqu'une collectivité rejoint "
                     "ou quitte le réseau.</p>"),
                ],
            },
            "en": {
                "title": "Open data",
                "introduction": "The platform publishes its public data through an open, read-only API, free of charge and without registration.",
                "body": [
                    ("heading", "Morocco's territorial collectivities"),
                    ("rich_text",
                     "<p>The address <a href=\"/api/v2/territories/\"><code>/api/v2/territories/</code></a> "
                     "lists every territorial collectivity of Morocco: the 12 regions, the 75 prefectures and "
                     "provinces (and the 8 prefectures of arrondissements, listed for reference: they cannot "
                     "join the network) and the 1,503 communes, with their HCP code, their names in Arabic and "
                     "Latin script, their level, their place in the territorial hierarchy, whether they are "
                     "urban or rural, their population in 2014 and 2024, and whether they are members of the "
                     "network. Answers are JSON; <code>meta.total_count</code> gives the number of results.</p>"),
                    ("heading", "Filters"),
                    ("rich_text",
                     "<ul>"
                     "<li><code>level</code>: <code>region</code>, <code>province</code> (prefectures and "
                     "provinces), <code>commune</code> or <code>arrondissements_prefecture</code>;</li>"
                     "<li><code>region</code>: the HCP code of a region, e.g. <code>09</code> for "
                     "Souss-Massa;</li>"
                     "<li><code>province</code>: the HCP code of a prefecture or province, e.g. "
                     "<code>09.001</code> for Agadir-Ida-Ou-Tanane;</li>"
                     "<li><code>search</code>: part of a name, in Arabic or Latin script;</li>"
                     "<li><code>member</code>: <code>true</code> for the network's members only, "
                     "<code>false</code> for the others;</li>"
                     "<li><code>limit</code> and <code>offset</code> to page through the results.</li>"
                     "</ul>"
                     "<p>Example: <a href=\"/api/v2/territories/?level=commune&amp;region=09&amp;member=true\">"
                     "<code>/api/v2/territories/?level=commune&amp;region=09&amp;member=true</code></a> lists the "
                     "communes of Souss-Massa that are members of the network.</p>"
                     "<p>The address <a href=\"/api/v2/members/\"><code>/api/v2/members/</code></a> lists the "
                     "network's members, with the date they joined and the address of their page (filters "
                     "<code>level</code>, <code>region</code> and <code>search</code>).</p>"),
                    ("heading", "Licences"),
                    ("rich_text",
                     "<p>Territorial data (codes, names, hierarchy, populations) come from the <b>High "
                     "Commission for Planning (HCP)</b>, general censuses of population and housing 2014 and "
                     "2024; they may be reused, commercially too, on the terms of the <a "
                     "href=\"https://creativecommons.org/licenses/by/4.0/\">Creative Commons Attribution 4.0 "
                     "(CC BY 4.0)</a> licence: credit the HCP and say what you changed.</p>"
                     "<p>The location of communes (latitude and longitude) comes from <b>OpenStreetMap</b>: "
                     "<b>© OpenStreetMap contributors</b>, available under the <a "
                     "href=\"https://opendatacommons.org/licenses/odbl/1-0/\">Open Database License (ODbL) "
                     "1.0</a>. A database you redistribute that includes these coordinates must stay under the "
                     "ODbL.</p>"
                     "<p>Membership data come from the network's records; each member's page cites the public "
                     "sources of its membership.</p>"),
                    ("heading", "Fair use"),
                    ("rich_text",
                     "<p>The API is free and needs no key. Please keep your requests reasonable and cache the "
                     "answers: the list changes only when a collectivity joins or leaves the network.</p>"),
                ],
            },
            "zgh": {
                "title": "ⵉⵙⴼⴽⴰ ⵉⵕⵥⵎⵏ",
                "introduction": "",
                "body": [_zgh_full_text("open-data/")],
            },
        },
    },
]
