"""Demo content: two shows, real-looking episodes, guests, sponsors, transcripts and courses.

The facts (show names, hosts, episode numbers and titles, guests, dates, course names,
sponsors) follow the public record of Talk Python To Me, Python Bytes and Talk Python
Training. Every sentence of prose, show note and transcript line is written for this demo.

``seed_demo()`` is deterministic and idempotent: run it again and it updates the same
documents (found by slug, or by show and number) instead of adding copies. Everything goes
through ``.save()``, so each document's ``clean()`` renders its Markdown.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import uuid
from decimal import Decimal

from data.catalog.episode import DRAFT, PUBLISHED, SCHEDULED, Episode
from data.catalog.guest import Guest
from data.catalog.show import Show
from data.catalog.sponsor import Sponsor
from data.core.common import Link, make_slug, utcnow
from data.training.course import Chapter, Course, Lecture
from data.transcripts.transcript import Segment, Transcript

MK, BO = "Michael Kennedy", "Brian Okken"
GUID_NAMESPACE = uuid.UUID("6f0d2a52-3a8e-4f57-9a51-0b1c4d7e9f10")


# --- shows ------------------------------------------------------------------------------
SHOWS = [
    dict(
        slug="talkpython", title="Talk Python To Me", sort_order=0, hosts=[MK],
        description=(
            "A weekly long-form interview show about Python and the people who build with it. "
            "Each episode spends about an hour with a maintainer, scientist or developer, going "
            "deep on one library, one project or one idea from across the Python ecosystem."
        ),
        artwork_url="https://example.com/artwork/talkpython-1400.png",
        website_url="https://talkpython.fm/",
        owner_name=MK, owner_email="michael@example.com",
        funding_url="https://training.talkpython.fm/",
        funding_text="Support the show: take a course at Talk Python Training",
        category="Technology", subcategory="Software How-To", language="en", explicit=False,
    ),
    dict(
        slug="pythonbytes", title="Python Bytes", sort_order=1, hosts=[MK, BO],
        description=(
            "A short weekly news show for Python developers. Two hosts each bring a few stories, "
            "new packages and articles they ran into that week, and talk through why they matter, "
            "usually in under half an hour."
        ),
        artwork_url="https://example.com/artwork/pythonbytes-1400.png",
        website_url="https://pythonbytes.fm/",
        owner_name=MK, owner_email="hosts@example.com",
        funding_url="https://training.talkpython.fm/",
        funding_text="Help keep the show going with a Talk Python course",
        category="Technology", subcategory="Software How-To", language="en", explicit=False,
    ),
]


# --- sponsors ---------------------------------------------------------------------------
SPONSORS = [
    dict(
        slug="digitalocean", name="DigitalOcean",
        description=(
            "Simple cloud hosting for developers: spin up a Linux server in under a minute, add "
            "managed databases or object storage when you need them, and pay a predictable monthly "
            "price.\n\nListeners get **free credit** to try it out."
        ),
        logo_url="https://example.com/sponsors/digitalocean.png",
        target_url="https://www.digitalocean.com/", active=True,
    ),
    dict(
        slug="datadog", name="Datadog",
        description=(
            "Monitoring and tracing for your whole stack. Install the agent, add the Python tracing "
            "library to your web app, and follow a slow request from the browser down to the exact "
            "database query that held it up.\n\nStart a free trial and get a Datadog t-shirt."
        ),
        logo_url="https://example.com/sponsors/datadog.png",
        target_url="https://www.datadoghq.com/", active=True,
    ),
    dict(
        slug="rollbar", name="Rollbar",
        description=(
            "Error tracking that tells you about crashes before your users do. Exceptions are "
            "grouped, counted and linked to the deploy that introduced them.\n\n"
            "*A past sponsor of the show.*"
        ),
        logo_url="https://example.com/sponsors/rollbar.png",
        target_url="https://rollbar.com/", active=False,
    ),
]


# --- guests -----------------------------------------------------------------------------
GUESTS = [
    dict(
        name="Mike Bayer",
        bio=(
            "Mike Bayer created **SQLAlchemy**, the database toolkit and object-relational mapper "
            "that a large share of Python applications use to talk to relational databases. He also "
            "wrote **Alembic**, its companion tool for schema migrations, and has maintained both "
            "for many years."
        ),
        links=[("SQLAlchemy", "https://www.sqlalchemy.org/"), ("GitHub", "https://github.com/zzzeek")],
    ),
    dict(
        name="Roy Rapoport",
        bio=(
            "Roy Rapoport led engineering teams at Netflix that built tools for watching over and "
            "operating its cloud infrastructure, where Python sits alongside several other languages."
        ),
        links=[("Netflix open source", "https://netflix.github.io/")],
    ),
    dict(
        name="Matt Makai",
        bio=(
            "Matt Makai writes **Full Stack Python**, a free guide that explains each piece you need "
            "to build, deploy and operate a Python web application, from WSGI servers to monitoring."
        ),
        links=[("Full Stack Python", "https://www.fullstackpython.com/")],
    ),
    dict(
        name="Brett Cannon",
        bio=(
            "Brett Cannon is a long-time CPython core developer. While working on Python tooling at "
            "Microsoft he co-created **Pyjion**, an experiment in giving CPython a pluggable JIT "
            "compiler, and he writes regularly about packaging and the history of the language."
        ),
        links=[("Pyjion on GitHub", "https://github.com/Microsoft/Pyjion"),
               ("Blog", "https://snarky.ca/")],
    ),
    dict(
        name="David MacIver",
        bio=(
            "David MacIver is the author of **Hypothesis**, the property-based testing library for "
            "Python. Hypothesis generates test data for you and, when something breaks, boils the "
            "failure down to the smallest example that still reproduces it."
        ),
        links=[("Hypothesis", "https://hypothesis.readthedocs.io/"),
               ("HypothesisWorks on GitHub", "https://github.com/HypothesisWorks/hypothesis")],
    ),
    dict(
        name="Guido van Rossum",
        bio=(
            "Guido van Rossum created Python at the end of the 1980s and guided its design for "
            "decades as its *benevolent dictator for life*. He has worked on the language at "
            "several companies and still takes part in its development."
        ),
        links=[("Python", "https://www.python.org/"),
               ("The History of Python blog", "https://python-history.blogspot.com/")],
    ),
    dict(
        name="Trey Hunner",
        bio=(
            "Trey Hunner is a Python trainer who helps teams and individuals write more idiomatic "
            "code. He writes often about the corners of the language that trip people up, such as "
            "identity checks and sentinel values."
        ),
        links=[("Blog", "https://treyhunner.com/")],
    ),
    dict(
        name="Dan Bader",
        bio=(
            "Dan Bader runs **Real Python**, a large library of tutorials, courses and books for "
            "people learning the language at every level."
        ),
        links=[("Real Python", "https://realpython.com/")],
    ),
    dict(
        name="Eric Chou",
        bio=(
            "Eric Chou is a network engineer who uses Python to automate the configuration and "
            "monitoring of large networks, and writes and teaches about network automation."
        ),
        links=[],
    ),
    dict(
        name="Cecil Phillip",
        bio=(
            "Cecil Phillip is a developer advocate at Microsoft with a focus on cloud-native "
            "applications, serverless functions and Azure. He enjoys small, practical demos that "
            "connect devices, functions and the browser."
        ),
        links=[("Azure Functions for Python",
                "https://learn.microsoft.com/azure/azure-functions/functions-reference-python")],
    ),
]


def _d(year, month, day, hour=8):
    return dt.datetime(year, month, day, hour, 0, 0)


# --- Talk Python To Me ------------------------------------------------------------------
TALKPYTHON_EPISODES = [
    dict(
        number=5, title="SQLAlchemy and data access in Python", published_at=_d(2015, 4, 27),
        duration_s=3712, guests=["Mike Bayer"], sponsors=[], tags=["databases", "orm", "sqlalchemy"],
        summary=(
            "Mike Bayer, the creator of SQLAlchemy, explains how the toolkit grew out of years of "
            "frustration with ad-hoc database code, and how its Core and ORM layers fit together."
        ),
        intro=(
            "Sooner or later almost every application needs to read and write a relational database, "
            "and in Python the library most of us reach for is SQLAlchemy. This week Mike Bayer tells "
            "the story of why he started the project and what he set out to do differently from the "
            "database layers that came before it.\n\n"
            "We look at the two halves of the library, the SQL expression language in the Core and the "
            "object-relational mapper built on top of it, and spend a good while on sessions and the "
            "unit of work pattern, the part that quietly does most of the bookkeeping for you. If you "
            "have only ever touched SQLAlchemy through a web framework plugin, this is a great look "
            "under the hood."
        ),
        links=[("SQLAlchemy", "https://www.sqlalchemy.org/"),
               ("SQLAlchemy documentation", "https://docs.sqlalchemy.org/"),
               ("Alembic migrations", "https://alembic.sqlalchemy.org/"),
               ("Mike on GitHub", "https://github.com/zzzeek")],
        chapters=[(65, "Welcome and introductions"), (270, "How Mike got into programming"),
                  (680, "Why build an ORM at all?"), (1365, "Core versus the ORM"),
                  (2110, "Sessions and the unit of work"), (2910, "Schema migrations with Alembic"),
                  (3520, "Wrapping up")],
    ),
    dict(
        number=16, title="Python at Netflix", published_at=_d(2015, 7, 13),
        duration_s=3905, guests=["Roy Rapoport"], sponsors=[], tags=["cloud", "devops", "operations"],
        summary=(
            "How does Python fit into one of the biggest services on the internet? Roy Rapoport "
            "describes the tools Netflix engineers build to keep a huge cloud deployment healthy."
        ),
        intro=(
            "Netflix is famous for running almost entirely in the cloud and for publishing a lot of "
            "the tooling that makes that possible. It is also a polyglot shop, where each team picks "
            "the language that suits the job. In this episode Roy Rapoport explains where Python "
            "shows up in that picture.\n\n"
            "We talk about monitoring and alerting at enormous scale, about automating the response "
            "to failures instead of paging a human, and about the culture of freedom and "
            "responsibility that lets small teams choose their own tools."
        ),
        links=[("Netflix open source", "https://netflix.github.io/"),
               ("The Netflix tech blog", "https://netflixtechblog.com/")],
        chapters=[(70, "Welcome"), (300, "Roy's path into operations"),
                  (840, "A polyglot engineering culture"), (1620, "Monitoring at cloud scale"),
                  (2460, "Automating the response to failure"), (3380, "Advice for growing teams")],
    ),
    dict(
        number=26, title="Deploying Python web applications", published_at=_d(2015, 9, 21),
        duration_s=3480, guests=["Matt Makai"], sponsors=["digitalocean"],
        tags=["web", "deployment", "devops"],
        summary=(
            "You've built a Flask or Django app that works on your laptop. Matt Makai walks through "
            "everything between that point and a site that real users can rely on."
        ),
        intro=(
            "Writing the web application is often the easy part. Getting it onto a server, keeping it "
            "running and knowing when it breaks is where many developers get stuck. Matt Makai, the "
            "author of Full Stack Python, joins us to map out the whole journey.\n\n"
            "We cover the choice between platform-as-a-service and your own virtual machines, what a "
            "WSGI server does and why you put a web server in front of it, how to handle static "
            "files, and the configuration management tools that make a deployment repeatable."
        ),
        links=[("Full Stack Python", "https://www.fullstackpython.com/"),
               ("Deployment overview", "https://www.fullstackpython.com/deployment.html"),
               ("WSGI servers", "https://www.fullstackpython.com/wsgi-servers.html")],
        chapters=[(60, "Welcome and introductions"), (420, "What Full Stack Python covers"),
                  (960, "Platform-as-a-service or your own servers?"), (1710, "WSGI servers and web servers"),
                  (2400, "Static files and caching"), (2940, "Automating deployments")],
    ),
    dict(
        number=49, title="Microsoft's JIT-based Python project Pyjion", published_at=_d(2016, 3, 7),
        duration_s=3630, guests=["Brett Cannon"], sponsors=["digitalocean"],
        tags=["performance", "cpython", "jit"], youtube=True,
        summary=(
            "Brett Cannon explains Pyjion, an effort to let CPython plug in a just-in-time compiler "
            "without forking the interpreter and losing the C extension ecosystem."
        ),
        intro=(
            "Python has several alternative implementations that run code faster, but each one comes "
            "with a catch: some of the libraries you depend on may not work there. Pyjion takes a "
            "different route. Instead of replacing CPython, it proposes a small API so that a JIT can "
            "be plugged into the interpreter everyone already uses.\n\n"
            "Brett Cannon joins us to explain how the project works, why it started on top of the "
            "CoreCLR JIT, what a frame evaluation hook is, and what it would take for the wider "
            "community to build faster runtimes together instead of in competing forks."
        ),
        links=[("Pyjion on GitHub", "https://github.com/Microsoft/Pyjion"),
               ("PEP 523: a frame evaluation API for CPython", "https://peps.python.org/pep-0523/"),
               ("PyPy", "https://pypy.org/"),
               ("CPython source", "https://github.com/python/cpython")],
        chapters=[(80, "Welcome back, Brett"), (390, "Why is Python slow, anyway?"),
                  (1020, "The idea behind Pyjion"), (1680, "Frame evaluation and PEP 523"),
                  (2460, "Borrowing the CoreCLR JIT"), (3180, "What could come next")],
    ),
    dict(
        number=67, title="Property-based testing with Hypothesis", published_at=_d(2016, 7, 11),
        duration_s=3820, guests=["David MacIver"], sponsors=["rollbar"],
        tags=["testing", "quality"], youtube=True,
        summary=(
            "Rather than writing one example per test, describe what should always be true and let "
            "the computer go looking for a counterexample. David MacIver on Hypothesis."
        ),
        intro=(
            "Most of our tests are example-based: pick an input, call the code, compare the output. "
            "Property-based testing turns that around. You state a rule that should hold for every "
            "valid input, and a library generates hundreds of inputs trying to break it.\n\n"
            "David MacIver created Hypothesis, the leading property-based testing library for Python. "
            "We talk about strategies for generating data, how shrinking turns a messy failure into a "
            "tiny reproducible one, stateful testing of whole sequences of operations, and how to get "
            "started with a single property this week."
        ),
        links=[("Hypothesis documentation", "https://hypothesis.readthedocs.io/"),
               ("Hypothesis on GitHub", "https://github.com/HypothesisWorks/hypothesis"),
               ("QuickCheck, the Haskell original", "https://hackage.haskell.org/package/QuickCheck"),
               ("pytest", "https://docs.pytest.org/")],
        chapters=[(80, "Welcome and introducing David"), (340, "What is property-based testing?"),
                  (855, "Strategies and generated data"), (1530, "Shrinking failures to a minimal example"),
                  (2270, "Stateful testing"), (2950, "Hypothesis in the wild, and what's next")],
    ),
    dict(
        number=100, title="Python past, present, and future with Guido van Rossum",
        published_at=_d(2017, 2, 27), duration_s=4180, guests=["Guido van Rossum"],
        sponsors=["rollbar"], tags=["community", "history", "language"], youtube=True,
        summary=(
            "For the hundredth episode, the creator of Python looks back at how the language began, "
            "how its community grew, and where he hopes it will go."
        ),
        intro=(
            "A hundred episodes called for a special guest. Guido van Rossum started Python as a "
            "holiday project and spent decades steering its design. We talk about the languages and "
            "systems that influenced it, and what he learned from the early design decisions.\n\n"
            "We also discuss the long move from Python 2 to Python 3, the role that being open source "
            "played in the language's success, and how decisions get made now that the community is "
            "so much larger than the handful of people on the early mailing lists."
        ),
        links=[("Python", "https://www.python.org/"),
               ("The History of Python blog", "https://python-history.blogspot.com/"),
               ("PEP 8, the style guide", "https://peps.python.org/pep-0008/")],
        chapters=[(90, "Welcome to episode 100"), (420, "Where Python came from"),
                  (1260, "Growing a community"), (2100, "Open source and Python's success"),
                  (2880, "The road to Python 3"), (3600, "Looking ahead")],
    ),
    dict(
        number=120, title="Python in Finance", published_at=_d(2017, 7, 17),
        duration_s=3560, guests=[], sponsors=["datadog"], tags=["data-science", "finance"],
        summary=(
            "From trading desks to risk models: a tour of how banks, funds and analysts use Python "
            "and the scientific stack to work with financial data."
        ),
        intro=(
            "Finance was one of the first industries outside of science to adopt Python at scale. "
            "Quantitative analysts liked that they could prototype a model in a notebook and then run "
            "that same code in production, and the tools around NumPy and pandas grew up partly to "
            "serve them.\n\n"
            "This episode looks at what Python is used for on the business side of finance: pricing, "
            "backtesting trading strategies, risk reports and the everyday chore of cleaning up large "
            "time series. We also talk about why firms that guard their code closely still build on "
            "open source."
        ),
        links=[("pandas", "https://pandas.pydata.org/"), ("NumPy", "https://numpy.org/"),
               ("Project Jupyter", "https://jupyter.org/")],
        chapters=[(60, "Welcome"), (360, "Why finance picked Python"),
                  (1080, "Time series with pandas"), (1860, "Backtesting strategies"),
                  (2640, "Open source inside closed firms")],
    ),
    dict(
        number=190, title="Storing passwords safely with passlib", state=DRAFT,
        duration_s=0, guests=[], sponsors=[], tags=["security", "web"], audio=False,
        summary="Hashing, salting and upgrading passwords without thinking about it: a look at passlib.",
        intro=(
            "*Draft: research notes, not yet recorded.*\n\n"
            "Every few months another company leaks its user table. passlib wraps the current best "
            "practice for one-way password hashing behind a couple of function calls, and can move "
            "users to a stronger scheme the next time they log in."
        ),
        links=[("passlib", "https://passlib.readthedocs.io/")],
        chapters=[(60, "Welcome"), (600, "Why plain hashes are not enough"),
                  (1500, "Salts, rounds and upgrades")],
    ),
    dict(
        number=191, title="Turning web scraping into a business with Scrapy", state=SCHEDULED,
        future_days=30, duration_s=3545, guests=[], sponsors=["digitalocean"],
        tags=["scraping", "web", "business"],
        summary=(
            "How an open source scraping framework became the foundation of a company that sells "
            "crawling as a service."
        ),
        intro=(
            "Scrapy lets you turn a website without an API into structured data using a few CSS "
            "selectors. The team behind it went further and built a company that runs crawlers for "
            "other people, with retries, rate limits and lots of parallel capacity.\n\n"
            "We talk about writing spiders, being a polite crawler, and what it is like to fund an "
            "open source project by selling the infrastructure around it."
        ),
        links=[("Scrapy", "https://scrapy.org/"), ("Scrapy on GitHub", "https://github.com/scrapy/scrapy")],
        chapters=[(60, "Welcome"), (540, "Spiders and selectors"), (1500, "Crawling politely"),
                  (2400, "A business built on open source")],
    ),
]


# --- Python Bytes -----------------------------------------------------------------------
PYTHONBYTES_EPISODES = [
    dict(
        number=39, title="The new PyPI", published_at=_d(2017, 8, 10), duration_s=1510,
        guests=[], sponsors=["rollbar"], tags=["packaging", "databases", "community"],
        summary="The rebuilt Python Package Index is ready to try, and we talk ORMs after a listener's nudge.",
        intro=(
            "The package index everyone installs from is being rebuilt from scratch on a modern "
            "codebase, and you can already browse the new site. We look at what changes for package "
            "authors and for people who only ever run `pip install`.\n\n"
            "We also spend a few minutes on object-relational mappers, prompted by the explainer on "
            "Full Stack Python, and on what we liked about how it lays out the trade-offs."
        ),
        links=[("The new PyPI", "https://pypi.org/"),
               ("Warehouse, the code behind it", "https://github.com/pypa/warehouse"),
               ("ORMs explained on Full Stack Python",
                "https://www.fullstackpython.com/object-relational-mappers-orms.html")],
        items=[(BO, "The new PyPI is open for a test drive"),
               (MK, "What an ORM is, and when to skip one"),
               (BO, "Extras and a joke")],
    ),
    dict(
        number=119, title="Assorted files as Django ORM backends with Alkali", published_at=_d(2019, 2, 26),
        duration_s=1840, guests=["Trey Hunner", "Dan Bader", "Eric Chou"], sponsors=[],
        tags=["python3", "typing", "django", "networking"],
        summary="A panel episode with three guests: a huge Python 3 migration, network automation, and querying flat files like a database.",
        intro=(
            "This week is a special panel recorded with three guests. We start with the story of how "
            "a company moved more than a million lines of Python 2 to Python 3 a piece at a time, "
            "leaning heavily on unit tests and a static type checker.\n\n"
            "Then we hear about automating network devices with Python, a small library that lets you "
            "query CSV, JSON or RSS files with a Django-style syntax, and a new undergraduate degree "
            "in artificial intelligence."
        ),
        links=[("Dropbox tech blog", "https://dropbox.tech/"),
               ("mypy", "https://mypy-lang.org/"),
               ("alkali on PyPI", "https://pypi.org/project/alkali/"),
               ("Carnegie Mellon School of Computer Science", "https://www.cs.cmu.edu/")],
        items=[(MK, "Migrating a million lines from Python 2 to 3, incrementally"),
               ("Eric Chou", "Network automation development with Python"),
               ("Trey Hunner", "Alkali: treat a file like a database"),
               ("Dan Bader", "An undergraduate degree in artificial intelligence"),
               (MK, "asyncio meets PyQt5 and PySide2"),
               ("Dan Bader", "What we would like to see in Python 4.0")],
    ),
    dict(
        number=123, title="Time to right the py-wrongs", published_at=_d(2019, 3, 29), duration_s=1620,
        guests=["Brett Cannon"], sponsors=["datadog"], tags=["typing", "packaging", "web", "cli"],
        summary="A famous comic about messy Python installs, explained; a new type checker; and a fast API framework.",
        intro=(
            "There is a well-known comic that pokes fun at the tangle of Python interpreters on one "
            "laptop. We go through a line-by-line explanation of how that mess happens and why most "
            "of it is avoidable.\n\n"
            "Also this week: shipping your package as a real command with entry points, a new static "
            "type checker from Microsoft that is built for large codebases, a refactoring guide that "
            "measures complexity, FastAPI, and a maintainer's honest look back at stepping away from "
            "Bleach."
        ),
        links=[("xkcd: Python Environment", "https://xkcd.com/1987/"),
               ("pyright", "https://github.com/microsoft/pyright"),
               ("FastAPI", "https://fastapi.tiangolo.com/"),
               ("Bleach", "https://github.com/mozilla/bleach")],
        items=[(BO, "Deconstructing the Python environment comic"),
               (MK, "Ship your package as a command line tool"),
               (BO, "pyright, a fast static type checker"),
               (MK, "Refactoring Python applications for simplicity"),
               (BO, "FastAPI"),
               (MK, "Stepping down as the maintainer of Bleach")],
    ),
    dict(
        number=124, title="This is not the None you're looking for", published_at=_d(2019, 4, 5),
        duration_s=1450, guests=[], sponsors=["digitalocean"], tags=["testing", "async", "jupyter"],
        summary="pytest 4.4 and subtests, async requests, why PyPI should stay a free service, and notebooks in the cloud.",
        intro=(
            "Brian is excited about the latest pytest release, which opens the door to subtests "
            "through a new plugin. Michael found an interim way to call HTTP APIs with async and "
            "await while the requests library works on native support.\n\n"
            "We also discuss an essay on why the package index should not become a paid product, six "
            "places to run Jupyter notebooks without installing anything, and when `object()` makes a "
            "better sentinel than `None`."
        ),
        links=[("pytest changelog", "https://docs.pytest.org/en/stable/changelog.html"),
               ("pytest-subtests", "https://github.com/pytest-dev/pytest-subtests"),
               ("requests-async", "https://github.com/encode/requests-async"),
               ("Trey Hunner on sentinel values", "https://treyhunner.com/")],
        items=[(BO, "pytest 4.4.0 and subtests"), (MK, "requests-async"),
               (BO, "Why PyPI should not be a service"), (MK, "Six ways to run Jupyter in the cloud"),
               (BO, "Jupyter Notebook tutorials"), (MK, "Unique sentinel values and object()")],
    ),
    dict(
        number=125, title="Will you conquer the deadlock empire?", published_at=_d(2019, 4, 13),
        duration_s=1380, guests=[], sponsors=["datadog"], tags=["concurrency", "packaging", "testing"],
        summary="A game that teaches thread safety, modern project layout with pyproject.toml, and a new release of cog.",
        intro=(
            "Can you spot a race condition before it bites? The Deadlock Empire is a browser game "
            "where you play the scheduler and try to break badly synchronized code. It is a fun way "
            "to see why two locks taken in opposite order will eventually hang.\n\n"
            "Plus: a walk through a `src` layout with pyproject.toml and setuptools, a new version of "
            "Ned Batchelder's cog, highlights from the Stack Overflow developer survey, coverage "
            "reports in the terminal, and the story behind the new Talk Python mobile apps."
        ),
        links=[("The Deadlock Empire", "https://deadlockempire.github.io/"),
               ("cog", "https://nedbatchelder.com/code/cog/"),
               ("Stack Overflow developer survey 2019", "https://insights.stackoverflow.com/survey/2019")],
        items=[(BO, "pyproject.toml and the src layout"), (MK, "The Deadlock Empire"),
               (BO, "cog 3.0"), (MK, "Stack Overflow 2019 developer survey"),
               (BO, "Cuv'ner: test coverage in the console"), (MK, "Our mobile apps have launched")],
    ),
    dict(
        number=126, title="WebAssembly comes to Python", published_at=_d(2019, 4, 19), duration_s=1725,
        guests=["Cecil Phillip"], sponsors=["digitalocean"],
        tags=["webassembly", "science", "cli", "concurrency"], youtube=True,
        summary="Python helps image a black hole, WebAssembly modules called from Python, friendlier CLI input, and shared memory in 3.8.",
        intro=(
            "The first picture of a black hole made headlines this week, and Python was part of the "
            "toolchain behind it. Our special guest Cecil Phillip brings a library that runs "
            "WebAssembly binaries from Python, and a live IoT dashboard built from serverless "
            "functions.\n\n"
            "We also cover cooked_input for validating command line input, the partnership between "
            "JetBrains and Anaconda, and the new shared memory support coming to multiprocessing."
        ),
        links=[("Wasmer for Python", "https://github.com/wasmerio/python-ext-wasm"),
               ("cooked_input", "https://pypi.org/project/cooked-input/"),
               ("multiprocessing.shared_memory",
                "https://docs.python.org/3/library/multiprocessing.shared_memory.html"),
               ("Event Horizon Telescope", "https://eventhorizontelescope.org/")],
        items=[(BO, "Python helped take the first photo of a black hole"),
               ("Cecil Phillip", "Wasmer: run WebAssembly binaries from Python"),
               (MK, "cooked_input for friendlier command line input"),
               (BO, "JetBrains and Anaconda team up on PyCharm"),
               ("Cecil Phillip", "A serverless IoT dashboard with Azure Functions and SignalR"),
               (MK, "multiprocessing.shared_memory in Python 3.8")],
        chapters=[(20, "Welcome and our special guest"), (100, "Python helps image a black hole"),
                  (330, "Wasmer: running WebAssembly from Python"),
                  (605, "cooked_input for friendlier command line input"),
                  (825, "PyCharm and Anaconda team up"),
                  (1030, "Serverless IoT with Azure Functions and SignalR"),
                  (1295, "multiprocessing.shared_memory in Python 3.8"), (1550, "Extras and jokes")],
    ),
]


# --- transcripts: (chapter start in seconds, [(speaker, line), ...]) ---------------------
DM, MB, CP = "David MacIver", "Mike Bayer", "Cecil Phillip"

TRANSCRIPTS = {
    ("talkpython", 5): [
        (65, [
            (MK, "This is Talk Python To Me, and this week we are digging into how Python programs talk to relational databases."),
            (MK, "I'm joined by Mike Bayer, the creator of SQLAlchemy. Mike, welcome to the show."),
            (MB, "Thanks, Michael. Happy to be here."),
            (MK, "SQLAlchemy is one of the first libraries I reach for, so I've been looking forward to this conversation."),
        ]),
        (270, [
            (MK, "Let's start with your story. How did you get into programming?"),
            (MB, "Like a lot of people, through small jobs building things for the web, and then years of enterprise work in Java and Perl."),
            (MK, "And where does Python come into it?"),
            (MB, "I was drawn in by how readable it was. The code on the screen looked close to the idea I had in my head."),
            (MK, "That's a theme we hear on this show again and again."),
        ]),
        (680, [
            (MK, "Why write an ORM at all? There were already ways to run SQL from Python."),
            (MB, "There were, but every project I saw grew its own layer of little helper functions. I wanted one toolkit that took SQL seriously instead of hiding it."),
            (MK, "That's a distinctive part of the design. SQLAlchemy doesn't pretend the database isn't there."),
            (MB, "Right. A relational database is a powerful piece of software. The library should let you use all of it, not shrink it down to a key-value store."),
            (MK, "So the goal is to automate the tedious parts, not to abstract away the whole thing."),
            (MB, "That's a good way to put it."),
        ]),
        (1365, [
            (MK, "People talk about SQLAlchemy as if it were one thing, but there are really two layers."),
            (MB, "Yes. The Core is an expression language: you build SQL statements out of Python objects, and it takes care of dialects, parameters and connection pooling."),
            (MK, "And the ORM sits on top of that."),
            (MB, "The ORM maps your classes to tables and rows to objects. It's built entirely on the Core, so you can drop down a level whenever you need to."),
            (MK, "I like that you can mix the two in the same application."),
            (MB, "Plenty of people do. Reports and bulk updates go through the Core, and the business logic goes through the ORM."),
        ]),
        (2110, [
            (MK, "Let's talk about the session, because it trips up a lot of newcomers."),
            (MB, "Think of the session as a workspace. It keeps track of the objects you loaded and every change you made to them."),
            (MK, "And nothing is sent to the database until I flush or commit."),
            (MB, "Exactly, that's the unit of work pattern. At flush time it works out the right order of inserts, updates and deletes for everything that changed."),
            (MK, "That's a lot of bookkeeping I never have to write myself."),
            (MB, "Honestly, it's most of what makes an ORM worth using."),
        ]),
        (2910, [
            (MK, "Schemas change over time. How do you deal with migrations?"),
            (MB, "I wrote Alembic for that. It can compare your models with the live database and generate a migration script that you review before it runs."),
            (MK, "So it's assisted, but not fully automatic."),
            (MB, "On purpose. A migration changes production data, and a person should read it first."),
        ]),
        (3520, [
            (MK, "We're just about out of time. Where should people go to learn more?"),
            (MB, "The documentation has a long tutorial that covers both the Core and the ORM. It's the best place to start."),
            (MK, "Mike, thank you so much for sharing the story of SQLAlchemy."),
            (MB, "Thank you, this was a lot of fun."),
        ]),
    ],
    ("talkpython", 67): [
        (80, [
            (MK, "Welcome to Talk Python To Me. Today we are talking about a different way to write tests, where you describe the rules your code should follow and let the computer hunt for counterexamples."),
            (MK, "My guest is David MacIver, who created Hypothesis. David, welcome to the show."),
            (DM, "Thanks for having me. I've been looking forward to this one."),
            (MK, "Before we get into testing, how did you end up working with Python?"),
            (DM, "Mostly through work. I wrote a lot of Scala and Java before, and Python kept turning up as the language people actually used to get things done."),
            (MK, "And at some point that turned into writing a testing library."),
        ]),
        (340, [
            (MK, "Let's set the stage. What do you mean by property-based testing?"),
            (DM, "In a normal unit test you pick one input and check one output. In a property-based test you say what should be true for every valid input, and the library tries lots of inputs to find one where it isn't."),
            (MK, "So instead of one example, I get a few hundred for the same amount of code."),
            (DM, "Right. A classic case is encoding and decoding: whatever you encode, decoding it should give you back the original."),
            (MK, "That sounds simple, but I bet it finds real bugs."),
            (DM, "It finds embarrassing ones. Empty strings, unusual Unicode, very large numbers, all the things nobody thinks to type in by hand."),
        ]),
        (855, [
            (MK, "How do I tell Hypothesis what data to generate?"),
            (DM, "You use strategies. There are strategies for integers, text, lists, dictionaries and dates, and you combine them to build your own domain objects."),
            (MK, "And the test itself is just a function with a decorator on it?"),
            (DM, "Yes. You put the given decorator on a test function and it plugs straight into pytest or unittest. Nothing else about your test suite has to change."),
            (MK, "What about values that must satisfy a precondition, say a start date that comes before an end date?"),
            (DM, "You can filter, but it's better to build the data so it's valid by construction. If you filter out too much, the search gets slow."),
        ]),
        (1530, [
            (MK, "Here's the part I find almost magical. When Hypothesis finds a failure, it doesn't hand me some giant random list."),
            (DM, "No, it shrinks it. Once it has a failing input, it keeps trying simpler versions until it finds the smallest one that still fails."),
            (MK, "So a list of forty numbers turns into a list with a single zero in it."),
            (DM, "Quite often, yes. It also saves that example in a local database, so the next run tries it again first."),
            (MK, "That makes failures reproducible, which is exactly what people worry about with random testing."),
            (DM, "Right. Random inputs without shrinking and replay would be far less useful."),
        ]),
        (2270, [
            (MK, "You can also test whole sequences of operations, not just single function calls."),
            (DM, "That's stateful testing. You describe the actions a system allows, and Hypothesis runs random sequences of them, checking your invariants after every step."),
            (MK, "That sounds like a good fit for something like a shopping cart or a bank account."),
            (DM, "Or a data structure, or a small database. It's very good at finding the one ordering of steps you never thought about."),
            (MK, "And when it fails, you still get a shrunk result: a short list of steps that reproduces the bug."),
        ]),
        (2950, [
            (MK, "Who is using Hypothesis today?"),
            (DM, "A wide range of projects, from scientific libraries to web back ends. Often someone starts with one test for a parser and it slowly spreads through the codebase."),
            (MK, "What's your advice for someone who wants to try it this week?"),
            (DM, "Pick a function with a clear round trip or invariant, write one property for it, and see what breaks. It usually takes less than an hour to learn something."),
            (MK, "Great advice. David, thanks for being on the show."),
            (DM, "Thank you, it's been fun."),
        ]),
    ],
    ("pythonbytes", 126): [
        (20, [
            (MK, "Hello and welcome to Python Bytes, where we bring you this week's Python news in short, useful pieces. This is episode 126."),
            (BO, "And I'm Brian Okken."),
            (MK, "We have a special guest this week, Cecil Phillip. Welcome, Cecil."),
            (CP, "Thanks, it's great to be on the show."),
            (MK, "This episode is brought to you by DigitalOcean, more about them later. Brian, you're up first."),
        ]),
        (100, [
            (BO, "The big science story this week is the first image of a black hole, and Python was part of the toolchain that produced it."),
            (MK, "I love that. The next time someone asks whether Python is a serious language, there's your answer."),
            (BO, "The paper lists a whole set of packages they relied on, including NumPy, SciPy, Astropy and Matplotlib."),
            (CP, "It's a good reminder that so much of the scientific stack is open source maintained by volunteers."),
        ]),
        (330, [
            (CP, "My first item is Wasmer, a library that lets you load and run WebAssembly binaries from Python."),
            (MK, "Usually we think about compiling code to WebAssembly to run in the browser, but this goes the other way."),
            (CP, "Right. You can compile Rust or C to a Wasm module and then call its functions from a Python program, without building a native extension."),
            (BO, "That seems like a neat way to share one implementation across several languages."),
            (CP, "That's the use case that excites me most. One module, lots of hosts."),
        ]),
        (605, [
            (MK, "Next up is a package called cooked_input. The name is a play on raw input: this is input that has already been cleaned and validated."),
            (BO, "I like the name."),
            (MK, "It gives you helpers like get_int with a minimum value, and cleaners that fix capitalization. If the user types something invalid, it explains what was wrong and asks again."),
            (CP, "That's the code everyone writes by hand in their first few command line scripts."),
            (MK, "Exactly, and it scales up to menus and tables for bigger tools."),
        ]),
        (825, [
            (BO, "JetBrains and Anaconda announced they're working together, and the latest PyCharm release fixes a pile of problems with conda environments."),
            (MK, "There's also a special edition of PyCharm for Anaconda users, right?"),
            (BO, "Yes. And I've been editing some notebook-based slides in PyCharm this week, just so I get my usual keyboard shortcuts."),
            (CP, "Collaborations like that make life easier for people doing data work."),
        ]),
        (1030, [
            (CP, "My second item is a write-up on building a live IoT dashboard with Python Azure Functions and SignalR."),
            (MK, "So the device sends readings, a serverless function processes them, and the browser updates in real time?"),
            (CP, "Exactly. The dashboard itself is just a static site drawing charts with D3, and SignalR pushes each new reading to it."),
            (BO, "That sounds like a fun weekend project for sensors around the house."),
            (CP, "That's how I'd start. One temperature sensor and a small function go a long way."),
        ]),
        (1295, [
            (MK, "Last item for me: Python 3.8 adds multiprocessing.shared_memory."),
            (BO, "So separate processes can finally share a block of memory directly?"),
            (MK, "Yes. There's a SharedMemory class for raw buffers, and a ShareableList that feels a lot like an ordinary list."),
            (CP, "That should help with CPU-heavy work where copying data between processes used to be the bottleneck."),
        ]),
        (1550, [
            (BO, "For extras, we'll have stickers with us at PyCon, so come and find us."),
            (MK, "Cecil, thanks for joining us this week."),
            (CP, "Thanks for having me, this was a blast."),
            (MK, "And thank you all for listening. See you next week."),
        ]),
    ],
}


# --- courses ----------------------------------------------------------------------------
# Openly licensed sample films (Blender Foundation), standing in for lecture recordings.
SAMPLE_VIDEOS = (
    "https://download.blender.org/peach/bigbuckbunny_movies/BigBuckBunny_320x180.mp4",
    "https://download.blender.org/durian/trailer/sintel_trailer-480p.mp4",
)


def _lecture_notes(title: str, chapter_title: str) -> str:
    return (f"## About this lecture\n\n*{title}* opens the chapter **{chapter_title}**. Watch it with an "
            "editor open and type the examples yourself: the details stick far better that way.\n\n"
            "- Pause whenever you want to try something; your place is kept.\n"
            "- The resources below point to the reference pages used in the video.\n")


COURSES = [
    dict(
        title="Python Jumpstart by Building 10 Apps", price="69.00", published=True, featured=True,
        summary="Learn Python from the ground up by writing ten small but real applications, one concept at a time.",
        description=(
            "The fastest way to learn a language is to build things with it. In this course you write "
            "ten small applications, and each one introduces a handful of new ideas: variables and "
            "loops in the first, files and classes a few apps later, web services and generators by "
            "the end.\n\n"
            "## What you'll build\n\n"
            "- A number guessing game\n- A birthday countdown\n- A personal journal that saves to disk\n"
            "- A weather client that talks to a web API\n- A text adventure with classes and inheritance\n\n"
            "No previous Python experience is needed, just some familiarity with programming in any language."
        ),
        chapters=[
            ("Welcome to the course", ["Welcome and what we'll build", "Setting up Python and an editor",
                                       "Getting the source code"]),
            ("App 1: Hello world, the Pythonic way", ["Your first program", "Variables and input",
                                                     "Strings and f-strings"]),
            ("App 2: Guess that number", ["Loops and conditionals", "Random numbers", "Handling bad input"]),
            ("App 3: Birthday countdown", ["Working with dates", "Functions and return values"]),
            ("App 4: Journal app", ["Reading and writing files", "Modules of your own",
                                    "The __name__ check", "Paths that work everywhere"]),
            ("App 5: Real-time weather client", ["Installing packages with pip", "Calling a web API",
                                                 "Parsing JSON responses", "Virtual environments"]),
        ],
    ),
    dict(
        title="Write Pythonic Code Like a Seasoned Developer", price="0.00", access_level="free", published=True, featured=False,
        summary="Move from code that merely runs to code that reads like idiomatic Python, with dozens of small before-and-after examples.",
        description=(
            "Experienced Python developers share a set of habits that make their code shorter, clearer "
            "and easier to change. This course collects those habits and shows each one side by side "
            "with the clumsy version it replaces.\n\n"
            "## Topics\n\n"
            "- Truthiness, EAFP and when to ask forgiveness\n- Dictionaries as the workhorse data structure\n"
            "- Generators, comprehensions and lazy pipelines\n- Functions with `*args`, `**kwargs` and keyword-only arguments\n"
            "- Packaging and module layout\n\n"
            "Best for people who already write Python and want their code to feel native."
        ),
        chapters=[
            ("Foundational concepts", ["What makes code Pythonic?", "Truthiness", "EAFP versus LBYL",
                                       "Comparing to None"]),
            ("Dictionaries", ["Dictionaries for performance", "Merging dictionaries", "get and setdefault"]),
            ("Generators and collections", ["List comprehensions", "Generator expressions", "yield from",
                                            "Slicing"]),
            ("Methods and functions", ["Flexible arguments", "Keyword-only arguments", "Lambdas, used well"]),
            ("Modules and packages", ["Imports done right", "Virtual environments and requirements"]),
        ],
    ),
    dict(
        title="Python for Entrepreneurs", price="199.00", published=True, featured=True,
        summary="Build and launch a real web business in Python: Pyramid, templates, databases, payments and deployment.",
        description=(
            "This course follows a product from an empty folder to a running business on the internet. "
            "You build the site with Pyramid and Chameleon templates, store data with SQLAlchemy, take "
            "payments, send email, and deploy it to a Linux server you control.\n\n"
            "## You'll learn\n\n"
            "1. Web fundamentals: HTTP, HTML and CSS\n2. Routing, views and templates in Pyramid\n"
            "3. Accounts with safely hashed passwords\n4. Accepting payments\n5. Deployment and monitoring\n\n"
            "Along the way there are chapters on the business side too, from mailing lists to growth."
        ),
        chapters=[
            ("Welcome and course tour", ["Welcome", "The app we will build", "Tools you'll need"]),
            ("Web foundations", ["How HTTP works", "HTML and CSS in ten minutes", "Bootstrap for layout"]),
            ("Your first Pyramid site", ["Creating the project", "Routes and views",
                                         "Chameleon templates", "Shared layouts"]),
            ("Databases with SQLAlchemy", ["Modeling your data", "Sessions and queries", "Relationships"]),
            ("User accounts", ["Registration and login", "Hashing passwords with passlib"]),
            ("Deployment", ["Provisioning a server", "uWSGI and nginx", "Going live"]),
        ],
    ),
    dict(
        title="MongoDB for Python developers", price="0.00", access_level="account", published=True, featured=False,
        summary="A free course on document databases: model your data for MongoDB and work with it from Python using MongoEngine.",
        description=(
            "Document databases let you store data in the shape your application already uses, without "
            "a migration for every new field. This free course explains when that is a good trade-off "
            "and shows how to design documents that stay fast as your data grows.\n\n"
            "## Inside\n\n"
            "- Documents, collections and the query language\n- Embedding versus referencing\n"
            "- Classes and validation with **MongoEngine**\n- Indexes and performance\n"
            "- Running MongoDB safely in production, starting with turning on authentication"
        ),
        chapters=[
            ("Document databases explained", ["Why NoSQL?", "How documents differ from rows"]),
            ("Modeling for documents", ["To embed or to reference?", "A worked example"]),
            ("MongoEngine", ["Defining documents", "Inserting and querying", "Validation"]),
            ("Performance and production", ["Indexes", "Profiling slow queries",
                                            "Securing your server"]),
        ],
    ),
    dict(
        title="Async Techniques and Examples in Python", price="59.00", published=False, featured=False,
        summary="Threads, asyncio, multiprocessing and more: do more at once in Python, starting from examples that pay off early.",
        description=(
            "*In production: not yet on sale.*\n\n"
            "Concurrency in Python has a reputation for being confusing, partly because it is usually "
            "taught from the low-level details up. This course starts with practical wins from "
            "`async` and `await`, then adds threads for I/O, multiprocessing for CPU-bound work, "
            "and finishes with thread safety and Cython's `nogil`."
        ),
        chapters=[
            ("Why async?", ["Welcome", "I/O-bound versus CPU-bound work"]),
            ("async and await", ["Your first coroutine", "Producers and consumers", "Async web scraping"]),
            ("Threads", ["Starting threads", "Thread safety and locks"]),
            ("Multiprocessing", ["Process pools", "Sharing results"]),
        ],
    ),
]


# --- helpers ----------------------------------------------------------------------------
def _links(pairs) -> list[Link]:
    return [Link(title=title, url=url) for title, url in pairs]


def _hms(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _youtube_id(key: str) -> str:
    """An 11-character id of [A-Za-z0-9_-], stable for the same key."""
    return base64.urlsafe_b64encode(hashlib.sha1(key.encode()).digest()).decode()[:11]


def _guid(show_slug: str, number: int) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, f"{show_slug}/{number}"))


def _notes(spec: dict, show_slug: str) -> str:
    parts = [spec["intro"]]
    items = spec.get("items")
    if items:
        parts.append("## This week's items\n\n" + "\n".join(
            f"{i}. **{who.split()[0]}:** {what}" for i, (who, what) in enumerate(items, 1)))
    # spec["links"] are the episode's Link list, shown by the page in its own section.
    chapters = spec.get("chapters")
    if chapters is None and items:
        # News episodes: one chapter per item, evenly through the show.
        step = (spec["duration_s"] - 120) // (len(items) + 1)
        chapters = [(20, "Welcome")] + [(60 + step * i, what) for i, (_, what) in enumerate(items)]
    if chapters:
        parts.append("## Chapters\n\n" + "\n\n".join(f"[{_hms(s)}] {title}" for s, title in chapters))
    if show_slug == "talkpython":
        parts.append("Want to go deeper? Courses on many of these topics are at "
                     "[Talk Python Training](https://training.talkpython.fm/).")
    return "\n\n".join(parts) + "\n"


def _upsert(model, key: dict, fields: dict):
    doc = model.objects(**key).first()
    if doc is None:
        doc = model(**key)
    else:
        doc.touch()
    for name, value in fields.items():
        setattr(doc, name, value)
    doc.save()
    return doc


def _segments(blocks) -> list[Segment]:
    """Timed segments: each block starts at its chapter, lines last about as long as they take to say."""
    segments = []
    for start_s, lines in blocks:
        at = start_s * 1000 + 1500
        if segments and at <= segments[-1].end_ms:
            at = segments[-1].end_ms + 500
        for speaker, text in lines:
            length_ms = max(2500, len(text) * 65)  # roughly 15 characters a second
            segments.append(Segment(start_ms=at, end_ms=at + length_ms, speaker=speaker, text=text))
            at += length_ms + 400
    return segments


# --- the seeding ------------------------------------------------------------------------
def seed_demo() -> dict:
    """Create (or refresh) the demo catalog. Returns how many of each kind it wrote."""
    now = utcnow()
    counts = {"shows": 0, "episodes": 0, "guests": 0, "sponsors": 0, "transcripts": 0,
              "segments": 0, "courses": 0, "lectures": 0}

    shows = {}
    for spec in SHOWS:
        fields = {k: v for k, v in spec.items() if k != "slug"}
        shows[spec["slug"]] = _upsert(Show, {"slug": spec["slug"]}, fields)
        counts["shows"] += 1

    sponsors = {}
    for spec in SPONSORS:
        fields = {k: v for k, v in spec.items() if k != "slug"}
        sponsors[spec["slug"]] = _upsert(Sponsor, {"slug": spec["slug"]}, fields)
        counts["sponsors"] += 1

    guests = {}
    for spec in GUESTS:
        slug = make_slug(spec["name"])
        guests[spec["name"]] = _upsert(Guest, {"slug": slug}, {
            "name": spec["name"], "bio": spec["bio"],
            "photo_url": f"https://example.com/guests/{slug}.jpg", "links": _links(spec["links"]),
        })
        counts["guests"] += 1

    episodes = {}
    for show_slug, specs in (("talkpython", TALKPYTHON_EPISODES), ("pythonbytes", PYTHONBYTES_EPISODES)):
        show = shows[show_slug]
        for spec in specs:
            number = spec["number"]
            state = spec.get("state", PUBLISHED)
            if state == SCHEDULED:
                published_at = (now + dt.timedelta(days=spec["future_days"])).replace(
                    hour=8, minute=0, second=0, microsecond=0)
            else:
                published_at = spec.get("published_at")
            has_audio = spec.get("audio", True)
            duration = spec["duration_s"]
            fields = {
                "slug": make_slug(spec["title"]), "title": spec["title"], "summary": spec["summary"],
                "notes": _notes(spec, show_slug), "state": state, "published_at": published_at,
                "duration_s": duration,
                "audio_url": f"https://example.com/audio/{show_slug}-{number}.mp3" if has_audio else None,
                # 128 kbit/s MP3: 16,000 bytes a second, plus a little for the ID3 tag and artwork.
                "audio_bytes": duration * 16_000 + 48_213 if has_audio else 0,
                "audio_type": "audio/mpeg",
                "youtube_id": _youtube_id(f"{show_slug}-{number}") if spec.get("youtube") else None,
                "episode_type": "full",
                "tags": spec["tags"], "links": _links(spec["links"]),
                "guests": [guests[name] for name in spec["guests"]],
                "sponsors": [sponsors[slug] for slug in spec["sponsors"]],
            }
            existing = Episode.objects(show=show, number=number).first()
            if existing is None:
                fields["guid"] = _guid(show_slug, number)
            episode = _upsert(Episode, {"show": show, "number": number}, fields)
            episodes[(show_slug, number)] = episode
            counts["episodes"] += 1

    for key, blocks in TRANSCRIPTS.items():
        episode = episodes[key]
        segments = _segments(blocks)
        _upsert(Transcript, {"episode": episode}, {"language": "en", "segments": segments})
        if not episode.has_transcript:
            episode.has_transcript = True
            episode.save()
        counts["transcripts"] += 1
        counts["segments"] += len(segments)

    for index, spec in enumerate(COURSES):
        slug = make_slug(spec["title"])
        chapters = []
        for c, (chapter_title, lecture_titles) in enumerate(spec["chapters"]):
            lectures = [
                # Stable, varied lengths between 2 and 15 minutes.
                Lecture(title=title, duration_s=120 + (index * 97 + c * 131 + n * 173) % 781,
                        free_preview=(c == 0 and n == 0), video_url=SAMPLE_VIDEOS[(c + n) % len(SAMPLE_VIDEOS)],
                        notes=_lecture_notes(title, chapter_title) if n == 0 else "",
                        resources=[Link(title="Python documentation", url="https://docs.python.org/3/")] if n == 0 else [])
                for n, title in enumerate(lecture_titles)
            ]
            chapters.append(Chapter(title=chapter_title, lectures=lectures))
            counts["lectures"] += len(lectures)
        _upsert(Course, {"slug": slug}, {
            "title": spec["title"], "summary": spec["summary"], "description": spec["description"],
            "instructor": MK, "price": Decimal(spec["price"]),
            "image_url": f"https://example.com/courses/{slug}.png",
            "published": spec["published"], "featured": spec["featured"], "chapters": chapters,
            "access_level": spec.get("access_level", "paid"),
        })
        counts["courses"] += 1

    return counts
