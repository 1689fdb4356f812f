package io.github.sdwatchdog.servers.springservlet;

import java.util.concurrent.CountDownLatch;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An ordinary Spring MVC application: GET / answers at once, GET /slow after a while (?ms=, 8 s by default),
 * GET /hang blocks its request thread for ever.
 */
@SpringBootApplication
@RestController
public class ServletApp {
    private final CountDownLatch never = new CountDownLatch(1);

    public static void main(String[] args) {
        SpringApplication.run(ServletApp.class, args);
    }

    @GetMapping("/")
    public String ok() {
        return "ok\n";
    }

    /** A slow but finite request: blocks its thread for ms milliseconds, then answers. */
    @GetMapping("/slow")
    public String slow(@RequestParam(name = "ms", defaultValue = "8000") long ms) throws InterruptedException {
        Thread.sleep(ms);
        return "slow\n";
    }

    @GetMapping("/hang")
    public String hang() throws InterruptedException {
        never.await();
        return "never\n";
    }
}
