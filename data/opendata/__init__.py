"""The published open datasets the app reads: their catalogue, licences and attribution, and
reading the data folder's files with messages that name the file and the fix.
"""
