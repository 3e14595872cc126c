# SPDX-License-Identifier: EUPL-1.2
"""The audit trail: who saw or changed what, append-only and chained by hash.

Public API: ``services.record_event`` (with ``Actor``, ``AuditAction``) to write,
``selectors`` to read and verify. Everything else is private.
"""
