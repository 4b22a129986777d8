#!/usr/bin/env python3
"""Writes the fixture news pages of extract/testdata/pages: article text inside
real-world site chrome. Each page NAME.html has NAME.want.json: the article's
own sentences (all must be kept) and the headlines of other stories (none may
be let through). Run from this folder: python3 gen.py"""
import json, html, zlib
def hash(s): return zlib.crc32(s.encode())

COOKIE = '''<div id="cookie-consent" class="cookie-banner" role="dialog"><p>We use cookies to improve your experience, personalise content and analyse our traffic. By clicking "Accept all" you agree to the storing of cookies on your device.</p><button>Accept all</button><button>Manage preferences</button></div>'''
NEWSLETTER = '''<aside class="newsletter-signup"><h3>Get the morning briefing</h3><p>The day's top stories, delivered to your inbox every weekday at 7am. Sign up now and never miss a story.</p><form><input type="email" placeholder="Your email address"><button>Subscribe</button></form></aside>'''
SHARE = '''<div class="share-bar"><span>Share this article</span><a href="https://facebook.com/sharer">Facebook</a><a href="https://twitter.com/intent">X</a><a href="mailto:">Email</a><a href="#">Copy link</a></div>'''
FOOTER = '''<footer class="site-footer"><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li><li><a href="/advertise">Advertise with us</a></li></ul><p>&copy; 2024 {outlet}. All rights reserved. No part of this site may be reproduced without permission.</p></footer>'''
NAV = '''<header class="site-header"><a class="logo" href="/">{outlet}</a><nav class="main-nav"><ul><li><a href="/news">News</a></li><li><a href="/politics">Politics</a></li><li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li><li><a href="/culture">Culture</a></li><li><a href="/opinion">Opinion</a></li><li><a href="/weather">Weather</a></li></ul></nav><a class="skip" href="#main">Skip to main content</a><form class="search"><input name="q" placeholder="Search"></form><a href="/subscribe" class="btn">Subscribe</a><a href="/login">Sign in</a></header>'''
COMMENTS = '''<section id="comments" class="comments"><h2>Comments (3)</h2><div class="comment"><span class="user">harbourfan88</span><p>This is long overdue, the buses on that route are always packed in the morning.</p><a href="#">Reply</a> <a href="#">Like (12)</a></div><div class="comment"><span class="user">J. Smith</span><p>Another vanity project that the taxpayers will end up paying for twice over.</p><a href="#">Reply</a></div><div class="comment"><span class="user">local_mum</span><p>Will the stops be step-free? Nobody ever says.</p></div><form><textarea placeholder="Join the conversation"></textarea><button>Post comment</button></form></section>'''

def ul_list(title, heads, cls="latest-stories", numbered=False, cats=None):
    items = []
    for i, h in enumerate(heads):
        cat = f'<span class="cat">{cats[i % len(cats)]}</span>' if cats else ""
        num = f'<span class="num">{i+1}</span>' if numbered else ""
        items.append(f'<li>{num}<a href="/story/{abs(hash(h)) % 99999}">{html.escape(h)}</a>{cat}</li>')
    return f'<section class="{cls}"><h2>{title}</h2><ul>{"".join(items)}</ul></section>'

def cards(title, heads_teasers):
    out = []
    for h, t in heads_teasers:
        out.append(f'<div class="card"><a href="/s/{abs(hash(h)) % 9999}"><img src="/img/{abs(hash(h)) % 999}.jpg" alt=""><h3>{html.escape(h)}</h3></a><p class="teaser">{html.escape(t)}</p></div>')
    return f'<div class="related-grid"><h2>{title}</h2>{"".join(out)}</div>'

def paras(ps):
    return "".join(f"<p>{html.escape(p)}</p>" for p in ps)

pages = {}

# 1. A classic site: semantic <article>, figure, inline related link, everything around it.
tram = [
    "The city council on Tuesday approved a 214 million euro extension of tram Line 4 to Eastport, ending nearly a decade of debate over how to link the district to the centre.",
    "Councillors voted 31 to 12 in favour after a four-hour session. Construction is due to start next spring, and the first trams should run on the new 6.3-kilometre stretch by December 2027.",
    "Mayor Ingrid Holm said the line would put 40,000 residents within a ten-minute walk of a tram stop. \u201cEastport has waited long enough,\u201d she told the chamber.",
    "The opposition Civic Alliance voted against the plan, arguing that the cost had risen by a third since the first estimate in 2019. Its leader, Piotr Nowak, called the budget \u201cwishful thinking\u201d and asked for an independent review.",
    "The regional transport authority will pay 60 percent of the cost, with the rest coming from the city and a European cohesion grant. Officials said fares would not rise to fund the project.",
    "Seven new stops are planned, including one at the harbour ferry terminal. Work on the Market Street section will close the road to cars for about eight months.",
]
tram_caption = "Councillors debate the tram extension in the city hall chamber on Tuesday."
tram_heads = ["Ferry fares to rise as two routes are cut", "Harbour festival draws record crowds", "Police appeal after cyclist injured on ring road", "New head teacher named at St Olaf's", "Fishing quota talks stall for third week", "Airport strike called off at last minute"]
pages["harbour-tram"] = dict(
    html=f'''<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Tram line extension to Eastport approved | Harbour Gazette</title>
<meta property="og:title" content="Tram line extension to Eastport approved"><meta property="og:site_name" content="Harbour Gazette"><meta property="og:type" content="article">
<meta property="article:published_time" content="2024-05-14T09:30:00+02:00"><meta name="author" content="Jane Doe">
<link rel="canonical" href="https://harbour.example/news/tram-extension">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"Tram line extension to Eastport approved","datePublished":"2024-05-14T09:30:00+02:00","author":{{"@type":"Person","name":"Jane Doe"}},"publisher":{{"@type":"Organization","name":"Harbour Gazette"}}}}</script>
<script>window.dataLayer=[];function track(){{}}</script><style>.x{{color:red}}</style></head><body>
{COOKIE}{NAV.format(outlet="Harbour Gazette")}
<div class="breadcrumb"><a href="/">Home</a> &gt; <a href="/news">News</a> &gt; <a href="/news/local">Local</a></div>
<main id="main"><article class="story">
<h1>Tram line extension to Eastport approved</h1>
<div class="byline">By <a href="/authors/jane-doe">Jane Doe</a>, Transport correspondent <time datetime="2024-05-14T09:30:00+02:00">14 May 2024, 09:30</time></div>
{SHARE}
<figure><img src="/img/tram.jpg" alt="council chamber"><figcaption>{tram_caption} <span class="credit">(Photo: Harbour Gazette)</span></figcaption></figure>
<div class="story-body">{paras(tram[:3])}
<p class="read-more"><strong>Read more:</strong> <a href="/news/ferry-fares">{tram_heads[0]}</a></p>
{paras(tram[3:5])}
<div class="ad-slot">Advertisement</div>
{paras(tram[5:])}
</div>
<div class="tags"><a href="/tag/transport">Transport</a> <a href="/tag/eastport">Eastport</a></div>
{SHARE}
</article>
{NEWSLETTER}
{ul_list("Latest Stories", tram_heads[1:])}
{COMMENTS}
</main>{FOOTER.format(outlet="Harbour Gazette")}</body></html>''',
    sentences=tram + [tram_caption], headlines=tram_heads,
    meta=dict(title="Tram line extension to Eastport approved", outlet="Harbour Gazette", author="Jane Doe", published="2024-05-14", url="https://harbour.example/news/tram-extension", captions=[tram_caption]))

# 2. inews24-like: divs, photo credits as lines, numbered lists with categories.
nk = [
    "As allegations surface that North Korea is dispatching troops to support Russia, the country's representative to the United Nations has officially denied the claims, dismissing them as baseless rumours.",
    "During a meeting of the UN First Committee in New York on Monday, the North Korean envoy responded to accusations made by Ukraine's delegation.",
    "The Ukrainian representative had claimed that Pyongyang was not only supplying weapons to Moscow but also preparing to deploy a large number of soldiers.",
    "It was the first time North Korea had officially responded to reports of a troop deployment, drawing wide international attention.",
    "On the same day, Ukraine said its intelligence indicated that about 11,000 regular North Korean troops were expected to fight alongside Russian forces in the near future.",
    "Russia's UN ambassador, Vasily Nebenzya, also rejected the claims, calling them absurd during a Security Council meeting.",
    "South Korea's National Intelligence Service said on Friday that the North had decided to send a special forces unit to help Russia's war effort.",
]
nk_heads = ["Billionaire Dictator's Hidden Wealth: Ferrari F50 Found in Palace", "Russia Warns Citizens: Avoid Travel to the U.S.", "Eric Trump Predicts Bitcoin Will Hit $1 Million", "Trump Mocks Trudeau in Latest Tariff Spat", "Russia to Send MiG-29s and Su-27s to North Korea: A New Military Deal Unfolds", "Yankees Eye Mike Trout in Trade After Losing Juan Soto", "TikTok Fights Back Against Canadian Shutdown Order", "Oil Prices Rise Following the EU's Agreement on Sanctions", "Microsoft Rejects Bitcoin Proposal, Sending Shockwaves Through Crypto Market", "UAW Stands Firm as Volkswagen Offers 14% Wage Increase"]
pages["views-nk-denies"] = dict(
    html=f'''<!DOCTYPE html><html><head><meta charset="utf-8"><title>North Korea Denies Sending Troops to Russia - inews24 Views</title>
<meta property="og:title" content="North Korea Denies Sending Troops to Russia, Calls Allegations 'Baseless'"><meta property="og:site_name" content="inews24 Views"><meta property="og:url" content="https://views.example/article/1482">
</head><body><div class="skip-links"><a href="#top">Quick access to main page (top)</a> <a href="#content">Direct access to main contents</a></div>
<div class="gnb"><div class="menu"><a href="/latest">LATEST</a> <a href="/world">WORLD</a> <a href="/business">BUSINESS</a> <a href="/sports">SPORTS</a> <a href="/asia">ASIA</a></div></div>
<div class="container"><div class="view-header"><h1 class="headline">North Korea Denies Sending Troops to Russia, Calls Allegations &lsquo;Baseless&rsquo;</h1><div class="info"><span class="writer">inews24 Views</span> <span class="date">2024.10.22 08:11</span></div></div>
<div class="view-body" id="content"><div class="photo"><img src="/p/1.jpg"><p class="photo-credit">Yonhap News</p></div>
{paras(nk[:4])}<div class="photo"><img src="/p/2.jpg"><p class="photo-credit">Yonhap News</p></div>{paras(nk[4:])}
<div class="reporter">inews24<br>content@views.example</div></div>
<div class="comment-area"><span>Comments0</span><span>300</span><textarea></textarea></div>
<div class="sidebar">{ul_list("[WORLD] Latest Stories", nk_heads[:4])}
{ul_list("You May Also Like", nk_heads[4:7], "may-like", True, ["LATEST", "SPORTS", "BUSINESS"])}
{ul_list("Popular Now", nk_heads[7:], "popular", True, ["BUSINESS"])}
{ul_list("Must-Reads", nk_heads[4:7], "must-reads", True, ["LATEST", "SPORTS", "BUSINESS"])}</div>
<div class="share">Share it on...</div></div></body></html>''',
    sentences=nk, headlines=nk_heads,
    meta=dict(title="North Korea Denies Sending Troops to Russia, Calls Allegations 'Baseless'", outlet="inews24 Views", author="", published="", url="https://views.example/article/1482", captions=[]))

# 3. Div soup with obfuscated classes; related cards carry teaser sentences.
bridge = [
    "The Old Mill Bridge will close to all traffic for six weeks from Monday while engineers replace corroded steel supports, the county highways department said.",
    "Inspectors found cracks in two of the bridge's four main girders during a routine check in March. A weight limit of 7.5 tonnes has been in force since then.",
    "Drivers will be diverted through Kelby, adding about 12 minutes to the journey between Ashford and the valley villages. Pedestrians and cyclists can use a temporary footbridge.",
    "Local businesses said the timing, at the start of the tourist season, could hardly be worse. \u201cWe take a third of our money between May and July,\u201d said Carla Menzies, who runs the Riverside Caf\u00e9.",
    "The repairs will cost 1.8 million pounds. The highways department said it had brought the work forward by a year after the inspection.",
]
bridge_cards = [("Valley school wins national science prize", "Pupils from Ashford High beat 300 schools with their river-cleaning robot."),
                ("Flood defences to be raised at Kelby", "The Environment Agency will spend 4 million pounds on new walls."),
                ("Courier readers pick their favourite walk", "More than 2,000 of you voted in this year's poll."),
                ("Bus company cuts Sunday services", "Three routes will lose their weekend timetable from June.")]
pages["courier-bridge"] = dict(
    html=f'''<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>Bridge closed for repairs - Valley Courier</title>
<meta name="description" content="The bridge shuts for six weeks."><meta property="og:site_name" content="Valley Courier">
<script type="application/ld+json">[{{"@context":"https://schema.org","@graph":[{{"@type":"WebPage","url":"https://courier.example/2024/05/bridge"}},{{"@type":"NewsArticle","headline":"Old Mill Bridge to close for six weeks of repairs","datePublished":"2024-05-14T08:15:00+01:00","author":[{{"@type":"Person","name":"Sam Roe"}}]}}]}}]</script>
<link rel="canonical" href="https://courier.example/2024/05/bridge?utm_source=rss&amp;utm_medium=feed"></head>
<body><div class="x9a"><div class="x9b"><a href="/">Valley Courier</a></div><div class="x9c"><a href="/n">News</a> | <a href="/s">Sport</a> | <a href="/w">What's on</a> | <a href="/j">Jobs</a> | <a href="/p">Puzzles</a></div></div>
<div class="k3"><div class="k4"><div class="k5"><h1>Old Mill Bridge to close for six weeks of repairs</h1><div class="k6">Sam Roe &middot; <time datetime="2024-05-14T08:15:00+01:00">Tuesday 14 May</time></div>
<div class="k7">{"".join(f'<div class="k8">{html.escape(p)}</div>' for p in bridge)}</div>
<div class="k9"><span>Follow us on Facebook</span> <span>Tweet</span></div></div></div>
<div class="k10">{cards("You May Also Like", bridge_cards)}</div>
<div class="k11"><h4>Popular Now</h4><ol><li><a href="/a">Man fined for feeding ducks bread</a></li><li><a href="/b">Ashford market returns after 10 years</a></li></ol></div></div>
<div class="k12">Newsletter: sign up for the Courier daily briefing. <input></div>
<div class="cookie-notice">This site uses cookies. <a href="/cookies">Find out more</a> <button>OK</button></div></body></html>''',
    sentences=bridge, headlines=[h for h, _ in bridge_cards] + [t for _, t in bridge_cards] + ["Man fined for feeding ducks bread", "Ashford market returns after 10 years"],
    meta=dict(title="Old Mill Bridge to close for six weeks of repairs", outlet="Valley Courier", author="Sam Roe", published="2024-05-14", url="https://courier.example/2024/05/bridge", captions=[]))

# 4. Another charset: windows-1252, declared in a meta tag only.
zurich = [
    "Jos\u00e9 M\u00fcller, the Z\u00fcrich-born conductor, will lead the city orchestra from next season, the board announced on Wednesday.",
    "M\u00fcller, 44, succeeds Ren\u00e9e Dubois, who is retiring after 17 years in the post. He was chosen from a shortlist of five candidates.",
    "\u201cThis orchestra has a sound you recognise in two bars,\u201d M\u00fcller said. \u201cI want to keep that and take it on tour.\u201d",
    "The board said the new contract runs for five years and includes at least four premi\u00e8res of new works each season.",
    "Tickets for his first concert, a programme of Dvo\u0159\u00e1k and Sibelius on 12 September, go on sale next month.",
]
zurich = [z.replace("\u0159", "r") for z in zurich]  # windows-1252 has no r-caron
zurich_heads = ["Opera house roof repairs to finish in June", "Jazz festival line-up announced", "Museum night returns with 40 venues"]
pages["latin-conductor"] = dict(
    charset="windows-1252",
    html=f'''<!DOCTYPE html><html><head><meta charset="windows-1252"><title>New conductor named &ndash; Lakeside Post</title>
<meta property="og:title" content="Z\u00fcrich-born conductor to lead city orchestra"><meta property="og:site_name" content="Lakeside Post">
<meta property="article:published_time" content="2024-05-15T11:00:00Z"></head><body>{NAV.format(outlet="Lakeside Post")}
<div id="content"><h1>Z\u00fcrich-born conductor to lead city orchestra</h1><p class="meta">By Eva Lindqvist</p>
{paras(zurich)}</div>{ul_list("Most read", zurich_heads, "most-read")}{FOOTER.format(outlet="Lakeside Post")}</body></html>''',
    sentences=zurich, headlines=zurich_heads,
    meta=dict(title="Z\u00fcrich-born conductor to lead city orchestra", outlet="Lakeside Post", author="", published="2024-05-15", url="", captions=[]))

# 5 and 6. One wire story under two outlets.
wire = [
    "Emergency crews restored power to about 4,000 homes on the east side on Sunday night, more than 20 hours after a storm brought down lines across the region.",
    "The utility said a falling tree had damaged a substation near Lakeview Road, cutting supply to three neighbourhoods at about 1 a.m.",
    "Crews worked through the day in heavy rain. By 9 p.m. all but 120 customers were reconnected, a spokeswoman for the company said.",
    "Residents were advised to throw away food from fridges that had been without power for more than four hours.",
    "The storm also closed two schools and delayed trains on the coast line for most of the morning.",
]
pages["metro-powercut"] = dict(
    html=f'''<!DOCTYPE html><html><head><meta charset="utf-8"><title>Power restored to east side | Metro Daily</title><meta property="og:site_name" content="Metro Daily">
<meta property="og:url" content="https://metro.example/a/77"><meta property="article:published_time" content="2024-05-12T22:10:00-04:00"></head><body>{NAV.format(outlet="Metro Daily")}
<main><article><header><h1>Power restored to east side after storm</h1><p class="dateline">By The Associated Press</p></header>{paras(wire)}<p>Copyright 2024 The Associated Press. All rights reserved.</p></article>
{ul_list("Popular Now", ["Council tax to rise 4 percent", "Stadium deal signed at last"], "popular")}</main>{FOOTER.format(outlet="Metro Daily")}</body></html>''',
    sentences=wire, headlines=["Council tax to rise 4 percent", "Stadium deal signed at last"],
    meta=dict(title="Power restored to east side after storm", outlet="Metro Daily", author="", published="2024-05-12", url="https://metro.example/a/77", captions=[]))
pages["coast-powercut"] = dict(
    html=f'''<!DOCTYPE html><html><head><meta charset="utf-8"><title>Storm: power back for thousands</title><meta property="og:site_name" content="Coast Herald">
<link rel="canonical" href="https://coast.example/news/2024/05/13/power-back"><meta property="article:published_time" content="2024-05-13T02:40:00Z"></head><body>{NAV.format(outlet="Coast Herald")}
<div class="wrap"><h1>Storm: power back for thousands</h1><div class="article-text">{paras(wire)}</div>{SHARE}
{ul_list("Trending", ["Lifeboat crew rescue two kayakers", "Pier reopens after repairs"], "trending")}</div>{COOKIE}</body></html>''',
    sentences=wire, headlines=["Lifeboat crew rescue two kayakers", "Pier reopens after repairs"],
    meta=dict(title="Storm: power back for thousands", outlet="Coast Herald", author="", published="2024-05-13", url="https://coast.example/news/2024/05/13/power-back", captions=[]))

# 7. A live page with a long article and sub-headings and a pull quote.
budget = [
    "The government will borrow an extra 12 billion pounds next year to pay for a rise in defence spending and a freeze on fuel duty, the finance minister announced on Thursday.",
    "Presenting her first budget, Helen Achebe told parliament that the economy would grow by 1.4 percent this year, up from a forecast of 0.9 percent in March.",
    "Income tax thresholds will stay frozen until 2028, which the independent fiscal office said would bring 900,000 more people into the basic rate.",
    "Defence spending will rise to 2.5 percent of national income by 2027, a year earlier than previously planned.",
    "The opposition called the budget \u201ca tax rise by stealth\u201d and said frozen thresholds would hit low earners hardest.",
    "Business groups welcomed a cut in the rate of corporation tax for small firms from 19 to 17 percent, which takes effect in April.",
    "Economists at the fiscal office warned that debt would not start to fall as a share of the economy until the end of the decade.",
    "The minister said a review of local government funding would report in the autumn.",
]
pages["capital-budget"] = dict(
    html=f'''<!DOCTYPE html><html><head><meta charset="utf-8"><title>Budget 2024: extra borrowing for defence - Capital Times</title>
<meta property="og:title" content="Budget 2024: extra borrowing for defence and a fuel duty freeze"><meta property="og:site_name" content="Capital Times">
<meta name="twitter:site" content="@capitaltimes"><link rel="canonical" href="https://capital.example/politics/budget-2024"></head><body>{COOKIE}{NAV.format(outlet="Capital Times")}
<main><article itemscope itemtype="https://schema.org/NewsArticle"><h1 itemprop="headline">Budget 2024: extra borrowing for defence and a fuel duty freeze</h1>
<p class="byline">By <span itemprop="author">Tom Okafor</span>, Political editor &middot; <time itemprop="datePublished" datetime="2024-03-14T13:45:00Z">March 14, 2024</time></p>
<div itemprop="articleBody">{paras(budget[:3])}<h2>Defence</h2>{paras(budget[3:4])}<blockquote class="pull-quote">A tax rise by stealth</blockquote><h2>Reaction</h2>{paras(budget[4:7])}
<aside class="related"><h3>Related</h3><ul><li><a href="/a">Budget 2023: what changed</a></li><li><a href="/b">Fuel prices at two-year high</a></li></ul></aside>{paras(budget[7:])}</div></article>
{NEWSLETTER}{ul_list("Latest Stories", ["Rail strike dates announced", "Hospital waiting lists fall for first time in a year", "Teachers accept pay offer"])}{COMMENTS}</main>{FOOTER.format(outlet="Capital Times")}</body></html>''',
    sentences=budget, headlines=["Budget 2023: what changed", "Fuel prices at two-year high", "Rail strike dates announced", "Hospital waiting lists fall for first time in a year", "Teachers accept pay offer"],
    meta=dict(title="Budget 2024: extra borrowing for defence and a fuel duty freeze", outlet="Capital Times", author="Tom Okafor", published="2024-03-14", url="https://capital.example/politics/budget-2024", captions=[]))

# 8. Everything in one container with plain class names: the lists of other
# stories sit between the article's paragraphs, as on many small sites.
quake = [
    "A magnitude 5.8 earthquake struck off the northern coast early on Saturday, shaking buildings in three provinces but causing no serious damage, the national seismology institute said.",
    "The quake hit at 4:12 a.m. at a depth of 35 kilometres, about 60 kilometres north-east of the port of Varna Nova.",
    "Residents in coastal towns said they were woken by a long rolling motion that rattled windows and knocked goods from shop shelves.",
    "Rail operators halted services on the coast line for two hours while engineers checked bridges and tunnels.",
    "The institute recorded 14 aftershocks by midday, the strongest of magnitude 3.9. It said a larger quake could not be ruled out in the coming days.",
    "The region sits on an active fault and was hit by a magnitude 6.4 earthquake in 1986 that killed 11 people.",
]
quake_heads = ["Government survives confidence vote by three votes", "Wildfire season starts early after dry spring", "National team names squad for qualifiers", "Minimum wage to rise by 7 percent in January", "Tourist numbers pass pre-pandemic level", "Central bank holds rates for fourth month"]
pages["northern-quake"] = dict(
    html=f'''<!DOCTYPE html><html><head><meta charset="utf-8"><title>Earthquake shakes north coast</title><meta property="og:site_name" content="Northern Star">
<meta property="article:published_time" content="2024-06-01T06:30:00+03:00"></head><body>{NAV.format(outlet="Northern Star")}
<div class="content"><h1>Magnitude 5.8 earthquake shakes north coast</h1><div class="text">
{paras(quake[:2])}<div class="box"><b>Latest Stories</b><div><a href="/1">{quake_heads[0]}</a></div><div><a href="/2">{quake_heads[1]}</a></div><div><a href="/3">{quake_heads[2]}</a></div></div>
{paras(quake[2:4])}<p><b>You May Also Like:</b> <a href="/4">{quake_heads[3]}</a> &middot; <a href="/5">{quake_heads[4]}</a></p>
{paras(quake[4:])}<p><a href="/6">{quake_heads[5]}</a></p><p>Share on Facebook | Share on X | Email</p></div></div>{FOOTER.format(outlet="Northern Star")}</body></html>''',
    sentences=quake, headlines=quake_heads,
    meta=dict(title="Magnitude 5.8 earthquake shakes north coast", outlet="Northern Star", author="", published="2024-06-01", url="", captions=[]))

# 9. Paragraphs split across divs by ad slots, an "ALSO READ" box whose
# teaser is a full sentence, an embedded post, sponsored headlines from
# around the web, and a "More from" list inside the body.
port = [
    "Dock workers at the container port of Lindholm walked out at midnight on Thursday after talks over night-shift pay broke down, halting all loading at the country's second-busiest harbour.",
    "The union said 1,400 members had joined the strike, which is planned to last 48 hours. Ships were being held at anchor in the outer roads, the harbour master's office said.",
    "Employers had offered a 4 percent rise, against the 9 percent the union wants for night and weekend shifts.",
    "The transport minister urged both sides to return to the table and said the government would not intervene for now.",
    "Exporters warned that perishable goods waiting on the quays could spoil if the stoppage went on into next week.",
    "The last strike at Lindholm, in 2019, lasted five days and cost the port an estimated 30 million euros.",
]
port_teaser_head = "Ferry operator orders two electric ships"
port_teaser = "The company says the vessels, built in Finland, will enter service on the island route in the summer of 2026 and cut its emissions by half."
port_sponsored = ["Doctors stunned by this simple trick for joint pain", "Homeowners in Lindholm are switching to solar and saving thousands"]
port_more = ["Harbour dredging contract awarded", "New pilot boat enters service"]
pages["lindholm-strike"] = dict(
    html=f'''<!DOCTYPE html><html><head><meta charset="utf-8"><title>Dock workers strike at Lindholm | Port News Daily</title>
<meta property="og:title" content="Dock workers strike at Lindholm port"><meta property="og:site_name" content="Port News Daily">
<meta property="article:published_time" content="2024-06-06T23:50:00+02:00"><link rel="canonical" href="https://portnews.example/lindholm-strike"></head><body>{NAV.format(outlet="Port News Daily")}
<div class="article"><h1>Dock workers strike at Lindholm port</h1><div class="meta">Updated 07.06.2024 06:15 &middot; 3 min read</div>
<div class="paragraph">{html.escape(port[0])}</div><div class="paragraph">{html.escape(port[1])}</div>
<div class="ad-container"><span>ADVERTISEMENT</span><iframe src="/ads"></iframe></div>
<div class="also-read"><h4>ALSO READ</h4><a href="/ferry-electric"><strong>{port_teaser_head}</strong></a><p>{html.escape(port_teaser)}</p></div>
<div class="paragraph">{html.escape(port[2])}</div>
<blockquote class="twitter-tweet"><p>Lindholm quays are silent tonight #strike</p>&mdash; Harbour Watch (@harbourwatch) <a href="https://twitter.com/x/status/1">June 6, 2024</a></blockquote>
<div class="paragraph">{html.escape(port[3])}</div><div class="paragraph">{html.escape(port[4])}</div>
<div class="more-from"><h3>More from Port News Daily</h3><ul><li><a href="/m1">{port_more[0]}</a></li><li><a href="/m2">{port_more[1]}</a></li></ul></div>
<div class="paragraph">{html.escape(port[5])}</div></div>
<div class="sponsored"><h3>Around the Web</h3><div><a href="https://ads.example/1">{port_sponsored[0]}</a> <span>HealthDaily</span></div><div><a href="https://ads.example/2">{port_sponsored[1]}</a> <span>SolarSave</span></div></div>
{FOOTER.format(outlet="Port News Daily")}</body></html>''',
    sentences=port, headlines=[port_teaser_head, port_teaser] + port_sponsored + port_more,
    meta=dict(title="Dock workers strike at Lindholm port", outlet="Port News Daily", author="", published="2024-06-06", url="https://portnews.example/lindholm-strike", captions=[]))

for name, p in pages.items():
    enc = p.get("charset", "utf-8")
    with open(name + ".html", "wb") as f:
        f.write(p["html"].encode(enc))
    with open(name + ".want.json", "w") as f:
        json.dump(dict(sentences=p["sentences"], headlines=p["headlines"], meta=p["meta"]), f, indent=1, ensure_ascii=False)
        f.write("\n")

# Pages that must fail: a paywall stub and a page of navigation only.
with open("paywall.html", "w") as f:
    f.write(f'''<!DOCTYPE html><html><head><meta charset="utf-8"><title>Inside the port deal - Harbour Gazette</title><meta property="og:site_name" content="Harbour Gazette"></head><body>{NAV.format(outlet="Harbour Gazette")}
<article><h1>Inside the port deal</h1><p>The port authority signed the deal after months of secret talks.</p><div class="paywall"><h3>Subscribe to continue reading</h3><p>This article is for subscribers only. Already a subscriber? Sign in to read the full story.</p><a href="/subscribe">Subscribe from 1 euro a week</a></div></article>{FOOTER.format(outlet="Harbour Gazette")}</body></html>''')
with open("nav-only.html", "w") as f:
    f.write(f'''<!DOCTYPE html><html><head><meta charset="utf-8"><title>Sections - Harbour Gazette</title></head><body>{NAV.format(outlet="Harbour Gazette")}{ul_list("Latest Stories", tram_heads)}{ul_list("Popular Now", nk_heads)}{FOOTER.format(outlet="Harbour Gazette")}</body></html>''')
