"""Accounts in the store: email case, older document shapes, the second factor's counters."""
import pytest

from data.accounts import user_service
from data.accounts.user import User


def test_email_is_unique_whatever_the_case(app):
    user_service.create("Case@Example.com", "Case", "a long enough passphrase")
    assert user_service.by_email(" CASE@example.COM ").email == "case@example.com"
    with pytest.raises(user_service.AccountError, match="already an account"):
        user_service.create("case@EXAMPLE.com", "Again", "a long enough passphrase")


def test_a_user_saved_before_the_second_factor_existed_still_loads_and_logs_in(app):
    from data.accounts.passwords import hash_password

    User._get_collection().insert_one({"email": "early@example.com", "display_name": "Early",
                                       "password_hash": hash_password("a long enough passphrase"),
                                       "role": "admin", "active": True})
    user = user_service.authenticate("early@example.com", "a long enough passphrase")
    assert user is not None and not user.totp_enabled and user.recovery_codes == []
    assert user_service.admin_count() >= 1


def test_a_totp_counter_is_accepted_once_and_only_forward(app):
    user = user_service.create("steps@example.com", "Steps", "a long enough passphrase")
    user_service.enable_totp(user, "{}", 100, [])
    assert not user_service.accept_totp_counter(user, 100)
    stale = user_service.by_id(user.id)
    assert user_service.accept_totp_counter(user, 101)
    assert not user_service.accept_totp_counter(stale, 102) or stale.totp_last_counter == 102
    assert user_service.by_id(user.id).totp_last_counter in (101, 102)


def test_a_racing_second_request_with_the_same_code_loses(app):
    user = user_service.create("race2@example.com", "Race", "a long enough passphrase")
    user_service.enable_totp(user, "{}", 100, [])
    first, second = user_service.by_id(user.id), user_service.by_id(user.id)
    assert user_service.accept_totp_counter(first, 101)
    assert not user_service.accept_totp_counter(second, 101)  # read 100 before, but 101 is taken


def test_recovery_code_is_spent_once(app):
    user = user_service.create("codes@example.com", "Codes", "a long enough passphrase")
    user_service.enable_totp(user, "{}", 1, ["h1", "h2"])
    assert user_service.use_recovery_code(user, "h1")
    assert not user_service.use_recovery_code(user_service.by_id(user.id), "h1")
    assert user_service.by_id(user.id).recovery_codes == ["h2"]
