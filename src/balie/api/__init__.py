# SPDX-License-Identifier: EUPL-1.2
"""Balie's public REST API, version 1: adapters from HTTP to booking services."""
