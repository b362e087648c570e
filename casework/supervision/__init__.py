"""Supervisors' workspace: caseload dashboard, bulk reassignment, supervision notes, collaborator reviews."""
