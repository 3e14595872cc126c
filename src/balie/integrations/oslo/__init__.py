# SPDX-License-Identifier: EUPL-1.2
"""Flemish open standards: the catalog as OSLO/IPDC-LPDC linked data, an LDES of product
snapshots for LPDC, IPDC import, and appointments as linked data for their owner."""
