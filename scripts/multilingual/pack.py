"""Template pack of the multilingual bench corpus: German, French, Russian and
Japanese sites whose wording shares nothing with the dev pack (same format as
../shared/bench/packs/dev.py; read by gen_corpus.py --pack)."""

JA_CITIES = ["札幌", "仙台", "新潟", "金沢", "静岡", "浜松", "岡山", "広島", "松山", "熊本", "鹿児島", "那覇"]
JA_NAMES = ["佐藤健", "鈴木花子", "高橋誠", "田中美咲", "渡辺翔", "伊藤陽子", "山本大輔", "中村由美"]
DE_CITIES = ["Bielefeld", "Kassel", "Rostock", "Erfurt", "Freiburg", "Augsburg", "Münster", "Lübeck", "Würzburg"]
DE_NAMES = ["Anna Schmidt", "Jonas Weber", "Lea Fischer", "Paul Wagner", "Marie Becker", "Felix Hoffmann"]
FR_CITIES = ["Rennes", "Dijon", "Nancy", "Angers", "Grenoble", "Limoges", "Besançon", "Poitiers", "Amiens"]
FR_NAMES = ["Camille Martin", "Lucas Bernard", "Chloé Dubois", "Hugo Moreau", "Léa Laurent", "Théo Girard"]
RU_CITIES = ["Казань", "Самара", "Омск", "Пермь", "Тюмень", "Иркутск", "Томск", "Ярославль", "Владимир"]
RU_NAMES = ["Анна Иванова", "Сергей Петров", "Ольга Смирнова", "Дмитрий Кузнецов", "Елена Попова"]

SITE_VARS = {
    "ja": {"city": JA_CITIES, "names": JA_NAMES, "prov": ["JP"], "source": ["{city}新聞", "共同通信", "{city}市広報課"]},
    "de": {"city": DE_CITIES, "names": DE_NAMES, "prov": ["DE"], "source": ["dpa", "Pressestelle der Stadt {city}", "{city}er Rundschau"]},
    "fr": {"city": FR_CITIES, "names": FR_NAMES, "prov": ["FR"], "source": ["AFP", "Mairie de {city}", "Le Courrier de {city}"]},
    "ru": {"city": RU_CITIES, "names": RU_NAMES, "prov": ["RU"], "source": ["ТАСС", "Пресс-служба администрации г. {city}", "{city}ские новости"]},
}

SHARED = {
    "ja": {"headings": ["第1章 総則", "第2章 基本方針", "1. 概要", "2. 詳細", "まとめ", "はじめに"],
           "items": ["・手続きはオンラインで行えます。", "・申請期限は月末です。", "・詳しくは窓口へお問い合わせください。"]},
    "de": {"headings": ["Einleitung", "Hintergrund", "Zusammenfassung", "Ausblick", "1. Geltungsbereich", "2. Begriffe"],
           "items": ["Anträge können online gestellt werden.", "Die Frist endet am Monatsende.", "Alle Angaben ohne Gewähr."]},
    "fr": {"headings": ["Introduction", "Contexte", "En résumé", "Perspectives", "1. Champ d'application", "2. Définitions"],
           "items": ["Les demandes peuvent être faites en ligne.", "Le délai expire à la fin du mois.", "Les horaires peuvent changer."]},
    "ru": {"headings": ["Введение", "Общие положения", "Заключение", "1. Область применения", "2. Термины"],
           "items": ["Заявление можно подать онлайн.", "Срок подачи истекает в конце месяца.", "Подробности уточняйте по телефону."]},
}

ENCODINGS = {
    "ja": [("utf-8", 0.5), ("shift_jis", 0.5)],
    "de": [("utf-8", 0.5), ("latin-1", 0.3), ("cp1252", 0.2)],
    "fr": [("cp1252", 0.4), ("utf-8", 0.6)],
    "ru": [("cp1251", 0.5), ("utf-8", 0.5)],
}

STYLES = [
    {   "name": "ja-news", "lang": "ja",
        "site_name": ["{city}新聞デジタル", "{city}タイムズ"],
        "columns": ["社会", "政治", "経済", "地域"],
        "page_name": "articles/{yyyy}{mm}{dd}/{id}.txt",
        "layout": ["nav", "breadcrumb", "TITLE", "meta", "BODY", "share", "related", "footer", "copyright"],
        "blocks": {
            "nav": {"cat": "nav", "alts": [["ホーム | 社会 | 政治 | 経済 | スポーツ | 地域"], ["ログイン 会員登録", "トップ ニュース 特集 動画 天気"]]},
            "breadcrumb": {"cat": "breadcrumb", "alts": [["トップ > {column} > 記事"], ["ホーム › {column}"]]},
            "meta": {"cat": "meta", "alts": [["{yyyy}年{m}月{d}日 {hh}時{mi}分 配信"], ["更新日時:{yyyy}/{mm}/{dd} {hh}:{mi} 閲覧数:{views}"]]},
            "share": {"cat": "share", "page_p": 0.9, "alts": [["この記事をシェアする X Facebook LINE はてなブックマーク"], ["シェア", "X Facebook LINE"]]},
            "related": {"cat": "related", "page_p": 0.7, "header": ["関連記事", "あわせて読みたい"],
                        "item": ["{title}({m}月{d}日)", "・{title}"], "n": [3, 5]},
            "footer": {"cat": "footer", "alts": [["利用規約 | 個人情報の取り扱い | お問い合わせ | 広告掲載"], ["会社概要 サイトマップ ヘルプ"]]},
            "copyright": {"cat": "copyright", "alts": [["Copyright © {site} 記事・写真の無断転載を禁じます。"], ["無断転載禁止 © {yyyy} {site}"]]},
        },
        "inline": {"cat": "ad", "page_p": 0.3, "max": 2, "alts": ["PR", "有料会員になると全ての記事が読めます"]},
        "summary_label": ["【要約】"],
        "flat_joiner": [""],
    },
    {   "name": "de-portal", "lang": "de",
        "site_name": ["Stadt {city}", "{city}er Rundschau", "{city} Aktuell"],
        "columns": ["Rathaus", "Kultur", "Wirtschaft", "Verkehr"],
        "page_name": "aktuelles/{yyyy}/{slug}-{id}.txt",
        "layout": ["skip", "cookie", "nav", "breadcrumb", "TITLE", "meta", "SUMMARY", "BODY", "share", "print",
                   "related", "footer", "copyright"],
        "blocks": {
            "skip": {"cat": "skip", "site_p": 0.6, "lines": ["Direkt zum Inhalt springen"]},
            "cookie": {"cat": "cookie", "site_p": 0.7, "alts": [
                ["Wir verwenden Cookies, um Ihnen ein optimales Webseiten-Erlebnis zu bieten.", "Alle akzeptieren  Nur notwendige"],
                ["Diese Website nutzt Cookies. Mit der Nutzung stimmen Sie der Datenschutzerklärung zu.", "Einverstanden"]]},
            "nav": {"cat": "nav", "alts": [["Startseite | Rathaus | Bürgerservice | Kultur | Wirtschaft | Kontakt"],
                                           ["Anmelden  Registrieren", "Start  Lokales  Politik  Sport  Wetter"]]},
            "breadcrumb": {"cat": "breadcrumb", "alts": [["Sie sind hier: Startseite > {column} > Artikel"], ["Startseite » {column}"]]},
            "meta": {"cat": "meta", "alts": [["Veröffentlicht am {dd}.{mm}.{yyyy} um {hh}:{mi} Uhr | Lesezeit: {words} Min."],
                                             ["Von {author} | {dd}.{mm}.{yyyy} | {comments} Kommentare"]]},
            "share": {"cat": "share", "page_p": 0.9, "alts": [["Artikel teilen: Facebook X WhatsApp E-Mail"], ["Teilen", "Facebook  X  LinkedIn"]]},
            "print": {"cat": "print", "page_p": 0.6, "lines": ["Drucken | Seite versenden"]},
            "related": {"cat": "related", "page_p": 0.7, "header": ["Das könnte Sie auch interessieren", "Weitere Artikel"],
                        "item": ["{title} ({dd}.{mm}.{yyyy})", "» {title}"], "n": [3, 5]},
            "footer": {"cat": "footer", "alts": [["Impressum | Datenschutz | Barrierefreiheit | Kontakt"],
                                                  ["Impressum  Datenschutzerklärung  Cookie-Einstellungen", "Nach oben"]]},
            "copyright": {"cat": "copyright", "alts": [["© {yyyy} {site}. Alle Rechte vorbehalten."], ["Copyright {site} – Nachdruck nur mit Genehmigung"]]},
        },
        "inline": {"cat": "ad", "page_p": 0.3, "max": 2, "alts": ["Anzeige", "Jetzt unseren Newsletter abonnieren und nichts mehr verpassen."]},
        "summary_label": ["Das Wichtigste in Kürze:", "Zusammenfassung:"],
        "flat_joiner": [" "],
        "flat_p": 0.15,
    },
    {   "name": "fr-journal", "lang": "fr",
        "site_name": ["Le Journal de {city}", "{city} Infos", "Ville de {city}"],
        "columns": ["Actualités", "Société", "Culture", "Économie"],
        "page_name": "{slug}/{yyyy}/{mm}/{id}.txt",
        "layout": ["cookie", "nav", "breadcrumb", "TITLE", "meta", "BODY", "share", "comment", "prevnext", "footer", "copyright"],
        "blocks": {
            "cookie": {"cat": "cookie", "site_p": 0.6, "alts": [
                ["Ce site utilise des cookies pour améliorer votre expérience de navigation.", "Tout accepter  Personnaliser"],
                ["En poursuivant votre navigation, vous acceptez l'utilisation de cookies.", "J'ai compris"]]},
            "nav": {"cat": "nav", "alts": [["Accueil | Actualités | Société | Culture | Sports | Contact"],
                                           ["Se connecter  S'abonner", "Accueil  Région  Politique  Économie  Météo"]]},
            "breadcrumb": {"cat": "breadcrumb", "alts": [["Accueil > {column} > Article"], ["Vous êtes ici : Accueil / {column}"]]},
            "meta": {"cat": "meta", "alts": [["Publié le {dd}/{mm}/{yyyy} à {hh}h{mi} | Mis à jour le {dd}/{mm}/{yyyy}"],
                                             ["Par {author} - {dd}/{mm}/{yyyy} - {views} lectures"]]},
            "share": {"cat": "share", "page_p": 0.85, "alts": [["Partager cet article : Facebook X LinkedIn E-mail"], ["Partager sur Facebook", "Partager sur X"]]},
            "comment": {"cat": "comment", "page_p": 0.7, "alts": [["Laisser un commentaire", "Vous devez être connecté pour publier un commentaire."],
                                                                   ["{comments} commentaires", "Réagir à cet article"]]},
            "prevnext": {"cat": "prevnext", "page_p": 0.7, "prev": "Article précédent : {title}", "next": "Article suivant : {title}"},
            "footer": {"cat": "footer", "alts": [["Mentions légales | Politique de confidentialité | Plan du site | Contact"],
                                                  ["Mentions légales  Gestion des cookies", "Retour en haut"]]},
            "copyright": {"cat": "copyright", "alts": [["© {yyyy} {site} - Tous droits réservés"], ["Copyright {site}. Reproduction interdite sans autorisation."]]},
        },
        "inline": {"cat": "ad", "page_p": 0.3, "max": 2, "alts": ["Publicité", "Inscrivez-vous à notre newsletter pour recevoir l'essentiel de l'actualité."]},
        "summary_label": ["L'essentiel :", "En bref :"],
        "flat_joiner": [" "],
        "flat_p": 0.1,
    },
    {   "name": "ru-news", "lang": "ru",
        "site_name": ["{city}.Новости", "Вести {city}", "Администрация г. {city}"],
        "columns": ["Новости", "Общество", "Экономика", "Культура"],
        "page_name": "news/{yyyy}/{mm}/{dd}/{id}.txt",
        "layout": ["nav", "breadcrumb", "TITLE", "meta", "BODY", "tags", "share", "related", "footer", "copyright"],
        "blocks": {
            "nav": {"cat": "nav", "alts": [["Главная | Новости | Общество | Экономика | Спорт | Контакты"],
                                           ["Войти  Регистрация", "Главная  Город  Политика  Происшествия  Погода"]]},
            "breadcrumb": {"cat": "breadcrumb", "alts": [["Главная > {column} > Статья"], ["Вы здесь: Главная / {column}"]]},
            "meta": {"cat": "meta", "alts": [["Опубликовано: {dd}.{mm}.{yyyy} {hh}:{mi} | Просмотров: {views}"],
                                             ["Автор: {author} | {dd}.{mm}.{yyyy} | Комментариев: {comments}"]]},
            "tags": {"cat": "tags", "page_p": 0.6, "lines": ["Теги: {column}, город, новости"]},
            "share": {"cat": "share", "page_p": 0.9, "alts": [["Поделиться: ВКонтакте Одноклассники Telegram"], ["Поделиться", "ВК  ОК  Telegram"]]},
            "related": {"cat": "related", "page_p": 0.7, "header": ["Читайте также", "Другие новости"],
                        "item": ["{title} ({dd}.{mm}.{yyyy})", "— {title}"], "n": [3, 5]},
            "footer": {"cat": "footer", "alts": [["О проекте | Реклама | Политика конфиденциальности | Контакты"],
                                                  ["Редакция  Реклама  Вакансии", "Наверх"]]},
            "copyright": {"cat": "copyright", "alts": [["© {yyyy} {site}. Все права защищены."], ["При использовании материалов ссылка на {site} обязательна. 18+"]]},
        },
        "inline": {"cat": "ad", "page_p": 0.3, "max": 2, "alts": ["Реклама", "Подписывайтесь на наш канал в Telegram"]},
        "summary_label": ["Кратко:"],
        "flat_joiner": [" "],
        "flat_p": 0.1,
    },
]
