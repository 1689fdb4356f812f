package io.github.sdwatchdog.servers.springwebflux;

import java.util.concurrent.CountDownLatch;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An ordinary Spring WebFlux application: GET / answers at once; GET /slow (?ms=, 8 s by default) and GET /hang
 * are blocking controller methods (the classic WebFlux mistake) that block the Reactor Netty event-loop thread
 * serving them, for a while or for ever.
 */
@SpringBootApplication
@RestController
public class WebFluxApp {
    private final CountDownLatch never = new CountDownLatch(1);

    public static void main(String[] args) {
        SpringApplication.run(WebFluxApp.class, args);
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

    /** The same with a request body: the method runs once the body has arrived, not when the request began. */
    @PostMapping("/hang")
    public String hangWithBody(@RequestBody String body) throws InterruptedException {
        never.await();
        return "never\n";
    }
}
