from data.catalog import episode_service
from data.core.rows import Row
from data.transcripts.transcript import Transcript


def for_episode(episode_id) -> Row | None:
    """The raw transcript (segments as dicts): thousands of segments stay cheap to read."""
    doc = Transcript.objects(episode=episode_id).exclude("id").as_pymongo().first()
    return Row(doc) if doc else None


# --- admin ------------------------------------------------------------------------------
def delete_for_episode(episode) -> None:
    """One by one through .delete(), so the search index drops the transcript's rows too."""
    for transcript in Transcript.objects(episode=episode.pk):
        transcript.delete()


def admin_rows() -> list[Row]:
    """Every transcript with its episode, without loading the segments themselves."""
    found = [Row(doc) for doc in Transcript.objects.exclude("segments").as_pymongo()]
    counts = {doc["_id"]: doc["n"] for doc in Transcript.objects.aggregate(
        [{"$project": {"n": {"$size": {"$ifNull": ["$segments", []]}}}}])}
    labels = episode_service.labels_by_id({row["episode"] for row in found})
    for row in found:
        row["episode_label"] = labels.get(row["episode"], "(episode missing)")
        row["segments"] = counts.get(row.id, 0)
    return sorted(found, key=lambda row: row["episode_label"])


def set_episode_flag(episode, has_transcript: bool) -> None:
    """Episode.has_transcript follows the transcript; saved through .save() so page caches hear of it."""
    if episode is not None and episode.has_transcript != has_transcript:
        episode.has_transcript = has_transcript
        episode.save()
