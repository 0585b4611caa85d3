"""Neighbourhood briefing PDFs: results, notes and assets turned into print. No Streamlit."""
