"""The password rules: at most 128 characters (accounts.validators), beside Django's own."""

import pytest
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from hypothesis import example, given, settings
from hypothesis import strategies as st

from accounts.validators import MaximumLengthValidator

TOO_LONG = "This password is too long. It must contain at most 128 characters."
# A user the rules compare passwords with; never saved, so no database is needed.
USER = get_user_model()(username="maria", first_name="Maria", last_name="Lopez")


def refusals(password: str) -> list[str]:
    """The codes of every rule ``password`` breaks, with the settings' validators."""
    try:
        password_validation.validate_password(password, USER)
    except ValidationError as error:
        return [e.code for e in error.error_list]
    return []


def other_rules_pass(password: str) -> bool:
    others = [
        v
        for v in password_validation.get_default_password_validators()
        if not isinstance(v, MaximumLengthValidator)
    ]
    try:
        password_validation.validate_password(password, USER, password_validators=others)
    except ValidationError:
        return False
    return True


def test_the_settings_use_the_128_character_limit():
    [ours] = [
        v
        for v in password_validation.get_default_password_validators()
        if isinstance(v, MaximumLengthValidator)
    ]
    assert ours.max_length == 128


@pytest.mark.parametrize("length", [128, 129])
def test_128_characters_are_the_most(length):
    password = ("correct horse battery staple " * 5)[:length]
    assert refusals(password) == ([] if length == 128 else ["password_too_long"])


def test_the_message_says_the_limit():
    with pytest.raises(ValidationError) as info:
        password_validation.validate_password("ü" * 129, USER)
    assert info.value.messages == [TOO_LONG]


def test_the_limit_is_in_the_help_text():
    texts = password_validation.password_validators_help_texts()
    assert "Your password must contain at most 128 characters." in texts


def test_characters_are_counted_not_bytes():
    # 128 four-byte characters (512 bytes in UTF-8) are within the limit.
    MaximumLengthValidator().validate("😀" * 128)
    with pytest.raises(ValidationError):
        MaximumLengthValidator().validate("😀" * 129)


# Any Unicode text (every script, combining marks, emoji; surrogates cannot be typed), of every
# length from 1 to 300, with lengths near the limit drawn often.
near_the_limit = st.integers(120, 136).flatmap(lambda n: st.text(min_size=n, max_size=n))
passwords = st.one_of(st.text(min_size=1, max_size=300), near_the_limit)


@settings(max_examples=300, deadline=None, database=None)
@given(password=passwords)
@example(password="a" * 128)
@example(password="a" * 129)
@example(password="\u0301" * 129)  # combining marks alone still count, one each
def test_a_password_is_accepted_exactly_when_within_128_characters_and_the_other_rules(password):
    codes = refusals(password)
    assert ("password_too_long" in codes) == (len(password) > 128)
    assert (codes == []) == (len(password) <= 128 and other_rules_pass(password))
