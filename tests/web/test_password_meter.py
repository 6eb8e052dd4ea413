"""The password page's strength meter: the server rates a new password by the rule the change applies."""
import json


def rate(client, password):  # type: ignore[no-untyped-def]
    """Ask the page's rating route, as its script does."""
    return client.post("/profile/password/rating", data=json.dumps({"password": password}),
                       content_type="application/json")


def test_a_person_sees_a_common_password_rated_as_refused_before_sending_it(client, demo, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in("rita")
    rating = rate(client, "password1234").get_json()
    assert rating["accepted"] is False and rating["score"] < 2
    assert rating["message"].startswith("This password is easy to guess")


def test_a_short_password_is_rated_by_its_length_first(client, demo, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in("rita")
    rating = rate(client, "Vq8#mZp2!xR").get_json()
    assert rating == {"score": rating["score"], "accepted": False,
                      "message": "A password needs at least 12 characters."}


def test_a_password_the_rule_accepts_is_rated_in_words(client, demo, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in("rita")
    rating = rate(client, "violet-harbour-quietly-47").get_json()
    assert rating["accepted"] is True and rating["score"] >= 2
    assert rating["message"] in ("Fair: it will be accepted", "Strong", "Very strong")


def test_the_persons_own_name_counts_against_the_password(client, demo, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in("rita")
    assert rate(client, "rita" * 4).get_json()["accepted"] is False


def test_the_rating_speaks_the_readers_language(client, demo, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in("rita")
    client.post("/language", data={"language": "zh_CN"})
    assert rate(client, "Vq8#mZp2!xR").get_json()["message"] != "A password needs at least 12 characters."


def test_a_rating_request_without_a_password_is_refused_in_a_sentence(client, demo, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in("rita")
    response = client.post("/profile/password/rating", data={"password": "x"})
    assert response.status_code == 400 and "Send the new password as JSON" in response.get_json()["message"]


def test_nobody_signed_out_may_rate_passwords(client, demo) -> None:  # type: ignore[no-untyped-def]
    assert rate(client, "password1234").status_code in (302, 401)
