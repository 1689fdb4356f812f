package com.example.testapp;

/** Defined over and over by {@link StartupModes} in fresh class loaders: a startup that loads classes. */
final class Generated {
}
