package io.github.sdwatchdog.servers.springservlet;

import java.util.concurrent.CountDownLatch;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** An ordinary Spring MVC application: GET / answers at once, GET /hang blocks its request thread forever. */
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

    @GetMapping("/hang")
    public String hang() throws InterruptedException {
        never.await();
        return "never\n";
    }
}
