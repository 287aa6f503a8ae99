def test_network_home_answers_in_every_language(client, db):
    for language in ("ar", "fr", "zgh", "en"):
        response = client.get(f"/{language}/")
        assert response.status_code == 200
        assert f'lang="{language}"' in response.content.decode()


def test_root_sends_to_the_visitors_language(client, db):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")["Location"] == "/fr/"
    assert client.get("/")["Location"] == "/ar/"
