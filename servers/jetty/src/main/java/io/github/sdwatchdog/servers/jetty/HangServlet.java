package io.github.sdwatchdog.servers.jetty;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * A servlet as an application would deploy it: {@code /hang} (in the context) never answers, as a request
 * stuck on a lock or a dead backend would; anything else answers 200 "ok".
 */
public class HangServlet extends HttpServlet {
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("/hang".equals(request.getPathInfo())) {
            log("hanging the request for " + request.getRequestURI());
            try {
                NEVER.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                return;
            }
        }
        response.setContentType("text/plain");
        response.getWriter().println("ok");
    }
}
