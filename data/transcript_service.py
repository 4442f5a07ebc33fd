from data.rows import Row
from data.transcript import Transcript


def for_episode(episode_id) -> Row | None:
    """The raw transcript (segments as dicts): thousands of segments stay cheap to read."""
    doc = Transcript.objects(episode=episode_id).exclude("id").as_pymongo().first()
    return Row(doc) if doc else None
