"""dsroles: a course and self-assessment kit for the six roles of a data-science team.

Importing the package does no work: every subpackage is imported on first use.
"""

__version__ = "0.1.0"

ROLES = (
    "business_owner",
    "domain_expert",
    "data_engineer",
    "data_scientist",
    "ml_engineer",
    "product_engineer",
)
