"""The Streamlit app: pages stay thin and call data/ and indices/."""
