from streamlit.testing.v1 import AppTest


def test_a_page_that_cannot_get_its_data_says_why_as_text_and_stops():
    def page():
        import streamlit as st

        from dashboard.failures import or_stop
        from data.errors import DataFileError

        st.write(or_stop(lambda: "fine"))

        def broken():
            raise DataFileError("lsoa.csv: no column **lsoa21cd**; add it and try again.")

        or_stop(broken)
        st.write("not reached")

    app = AppTest.from_function(page).run()
    assert not app.exception
    assert [m.value for m in app.markdown] == ["fine"]
    shown = app.error[0].value  # the user's text as text: the asterisks are escaped
    assert r"no column \*\*lsoa21cd\*\*" in shown and "add it and try again" in shown


def test_other_errors_are_not_hidden():
    def page():
        from dashboard.failures import or_stop

        or_stop(lambda: 1 / 0)

    app = AppTest.from_function(page).run()
    assert app.exception and app.exception[0].value == "division by zero"
