"""E-mails about the cycle: followers told when a phase opens or closes, staff reminded of dates."""
