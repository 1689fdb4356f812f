#!/usr/bin/env python3
"""A stand-in for systemd's notify socket, for the benchmarks: binds PATH and prints each datagram
with its arrival time in microseconds since the epoch (the clock test-app stamps its events with)."""
import os
import socket
import sys
import time

path = sys.argv[1]
if os.path.exists(path):
    os.unlink(path)
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(path)
print("listening", flush=True)
while True:
    data = sock.recv(65536)
    print(time.time_ns() // 1000, data.decode("utf-8").replace("\n", " | "), flush=True)
