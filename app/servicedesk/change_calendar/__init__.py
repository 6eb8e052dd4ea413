"""The change calendar: booked change windows, freeze and maintenance windows, and the collision check."""
