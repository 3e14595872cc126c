# SPDX-License-Identifier: EUPL-1.2
"""Login with the Flemish government login (ACM/IDM) and Mijn Burgerprofiel integration."""
