# SPDX-License-Identifier: EUPL-1.2
"""Privacy: retention and erasure of personal data, housekeeping, and a citizen's rights.

Public API: ``services.run_housekeeping`` (retention, expired holds, sessions, idempotency
records, audit retention), ``services.erase_appointment_personal_data`` (an erasure request),
``selectors.build_citizen_export``.
"""
