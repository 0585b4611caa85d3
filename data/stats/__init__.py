"""Statistics of counts and rates, knowing no place: confidence intervals, funnel plots with
overdispersion, and small-number suppression for what is shown publicly.
"""
