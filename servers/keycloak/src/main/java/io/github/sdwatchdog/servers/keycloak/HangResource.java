package io.github.sdwatchdog.servers.keycloak;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CountDownLatch;
import org.keycloak.services.resource.RealmResourceProvider;

/**
 * A realm resource as a Keycloak extension would add one: {@code .../ok} answers "ok"; {@code .../hang} never
 * answers, as a call stuck on a lock or a dead backend would.
 */
public final class HangResource implements RealmResourceProvider {
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    @Override
    public Object getResource() {
        return this;
    }

    @GET
    @Path("ok")
    @Produces(MediaType.TEXT_PLAIN)
    public String ok() {
        return "ok";
    }

    @GET
    @Path("hang")
    @Produces(MediaType.TEXT_PLAIN)
    public String hang() {
        System.out.println("sd-watchdog-hang: this request waits forever");
        try {
            NEVER.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException();
        }
        return "never";
    }

    @Override
    public void close() {
    }
}
