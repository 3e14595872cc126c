# SPDX-License-Identifier: EUPL-1.2
"""A development OpenID Connect provider that speaks like ACM/IDM, with fictional people."""
