"""The problem domain expert track: what counts as churn, what each field means, checking a
model's results against the business, telling shifts apart, and tracing a prediction to its
data (lessons ``pde.<name>``, assessment ``pde_exam.<name>``)."""
