package com.example.testapp;

/** A hello-world with one startup method, for measuring what the agent adds to JVM start. */
public final class Hello {
    public static void main(String[] args) {
        start();
    }

    public static void start() {
        System.out.println("hello");
    }

    private Hello() {
    }
}
