#!/usr/bin/env python3
"""What guessing order codes against a lost door phone costs (README "Typed references work
offline"): one guess = PBKDF2-HMAC-SHA256(code, salt, iterations, 32 bytes) then the index HMAC,
as core/checkin/offline_orders.h derives it. Prints guesses per second on one core and the time to
the first hit for a few event sizes. A benchmark, not a test: it never fails.

usage: bench/offline_refs_bruteforce.py [iterations=20000] [seconds=3]
"""
import hashlib
import hmac
import sys
import time

iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
salt = hashlib.sha256(b'lanyard-order-salt-v1:bench').digest()[:16]
alphabet = b'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

guesses = 0
start = time.perf_counter()
while time.perf_counter() - start < seconds:
    code = bytes(alphabet[(guesses >> (5 * i)) & 31] for i in range(8))
    d = hashlib.pbkdf2_hmac('sha256', code, salt, iterations, 32)
    hmac.new(d, b'lanyard-order-index-v1', hashlib.sha256).digest()
    guesses += 1
rate = guesses / (time.perf_counter() - start)
space = 32 ** 8
print(f'PBKDF2-SHA256 x {iterations}: {rate:.0f} guesses/s on one core')
for orders in (50, 500, 5000):
    days = space / orders / rate / 86400
    print(f'  {orders:5d} orders: first hit after {days:,.0f} core-days on average (whole space {space / rate / 86400:,.0f})')
