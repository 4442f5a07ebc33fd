"""Small formatting helpers templates share."""
import datetime as dt


def duration(seconds) -> str:
    """3725 -> '1:02:05', 125 -> '2:05'."""
    seconds = int(seconds or 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def duration_words(seconds) -> str:
    """3725 -> '1 h 2 min'."""
    minutes = round(int(seconds or 0) / 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def timestamp(ms) -> str:
    return duration((ms or 0) // 1000)


def date(value: dt.datetime | None) -> str:
    return value.strftime("%b %d, %Y").replace(" 0", " ") if value else ""


def iso(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else ""


def price(value) -> str:
    return "Free" if not value else f"${float(value):,.2f}".replace(".00", "")
