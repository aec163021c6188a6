"""A learner's skills profile across the six roles: built from grade results and the
self-check log, written as JSON and as one offline HTML page with a radar chart."""

from dsroles.profile.build import build_profile, self_check_summary
from dsroles.profile.page import write_profile_html

__all__ = ["build_profile", "self_check_summary", "write_profile_html"]
