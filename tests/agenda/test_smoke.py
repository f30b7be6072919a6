from .conftest import local


def test_public_agenda_renders_in_both_languages(client, world, add_session, do_release):
    add_session("Political context", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10, 30), room=world.hall,
                people=[(world.ana, world.fat, "speaker")])
    add_session("Teachers", day=__import__("datetime").date(2013, 12, 3))
    add_session("Conclusions")
    do_release()
    en = client.get("/en/convenings/la-2013/agenda/")
    assert en.status_code == 200, en.get_data(as_text=True)
    es = client.get("/es/convenings/la-2013/agenda/")
    assert es.status_code == 200
