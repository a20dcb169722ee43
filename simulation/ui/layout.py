"""The page's CSS: a projector-first layout.

The run bar (clock, buttons, crisis) sticks to the top; the settings column scrolls on its
own; the organisation graph is sized from the window's height so that, at 1280 x 720 and
1024 x 768, graph, clock, run buttons and the main chart are on screen without scrolling.
Projector mode hides the settings (the Settings button brings them back over the page).
Text is 18 px or more everywhere a class reads it.
"""

STYLE = """
.v-application { font-size: 18px; }
.v-application .v-label, .v-application .v-select__selection, .v-application input { font-size: 18px !important; }
.v-application .v-btn { font-size: 17px; }
div:has(> b > a[href="https://solara.dev"]) { display: none !important; }  /* covered the key figures */
.v-application .container, .v-application main > div > .container { padding: 0 !important; max-width: none; }
.orgsim-root { display: flex; align-items: flex-start; gap: 0; min-height: 100vh; }
.orgsim-settings { flex: 0 0 290px; position: sticky; top: 0; max-height: 100vh; overflow-y: auto;
                   padding: 8px 14px; border-right: 1px solid #ddd; background: #fafafa; box-sizing: border-box; }
.orgsim-projector-mode .orgsim-settings { display: none; }
.orgsim-main { flex: 1 1 auto; min-width: 0; padding: 0 10px 40px 10px; }
.orgsim-brand { font-size: 26px; font-weight: 700; display: block; margin-bottom: 6px; }
.orgsim-runbar { position: sticky; top: 0; z-index: 10; background: white; padding: 6px 0 4px 0;
                 border-bottom: 1px solid #ddd; }
.orgsim-clock { font-size: 30px; font-weight: 700; font-variant-numeric: tabular-nums; min-width: 250px; }
.orgsim-status { font-size: 18px; color: #444; display: block; }
.orgsim-banner { display: block; font-size: 20px; font-weight: 700; padding: 2px 10px; margin: 2px 0; border-radius: 4px; }
.orgsim-banner-crisis { background: #d62728; color: white; }
.orgsim-banner-change { background: #efe6f7; color: #4a2a70; }
.orgsim-confirm { background: #fff4e0; border: 2px solid #f0a030; padding: 8px 12px; margin: 6px 0;
                  font-size: 19px; border-radius: 4px; }
.orgsim-building { font-size: 20px; padding: 24px 0; gap: 16px; }
.orgsim-difference { font-size: 20px; font-weight: 700; color: #1a4f8a; margin: 4px 0; display: block; }
.orgsim-race { display: flex; gap: 14px; align-items: flex-start; flex-wrap: nowrap; }
.orgsim-panel { flex: 1 1 0; min-width: 0; }
.orgsim-panel-title { font-size: 24px; font-weight: 700; }
.orgsim-busy { font-size: 18px; color: #333; }
.orgsim-panel-head { display: flex; gap: 14px; align-items: baseline; flex-wrap: wrap; }
.orgsim-single { display: flex; gap: 16px; align-items: flex-start; }
.orgsim-graph { position: relative; aspect-ratio: 1 / 1; width: min(100%, calc(100vh - 190px)); }
.orgsim-race .orgsim-graph { width: min(100%, calc(100vh - var(--orgsim-chart-height, 300px) - 250px)); margin: 0 auto; }
.orgsim-projector-mode .orgsim-single .orgsim-graph { width: min(100%, calc(100vh - 190px)); }
.orgsim-graph > div { position: absolute; inset: 0; }
.orgsim-legend { list-style: none; padding: 0 !important; margin: 4px 0 0 0; font-size: 18px;
                 display: flex; flex-wrap: wrap; gap: 2px 18px; }
.orgsim-key { display: inline-block; width: 15px; height: 15px; border-radius: 50%; margin-right: 8px;
              vertical-align: -1px; box-sizing: border-box; }
.orgsim-key-line { height: 4px; border-radius: 2px; vertical-align: 4px; }
.orgsim-chart-row { display: flex; gap: 14px; flex-wrap: wrap; align-items: flex-start; margin-top: 10px; }
.orgsim-chart-row > div { flex: 1 1 0; min-width: 0; overflow-x: auto; }
.orgsim-multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(310px, 1fr)); gap: 8px 14px; }
.orgsim-multiple-title { font-size: 20px; font-weight: 700; display: block; }
.orgsim-chart-title { font-size: 20px; font-weight: 700; text-align: center; margin: 6px 0 4px 0; }
.orgsim-keyfigures table { width: 100%; font-size: 18px; border-collapse: collapse; }
.orgsim-keyfigures td { padding: 2px 4px; border-bottom: 1px solid #eee; }
.orgsim-keyfigures td:last-child { text-align: right; font-weight: 700; font-variant-numeric: tabular-nums; }
.orgsim-explainers { display: flex; gap: 14px; flex-wrap: wrap; margin-top: 14px; }
.orgsim-explainer { flex: 1 1 300px; background: #f5f8fc; border-left: 5px solid #1f77b4; padding: 8px 12px; font-size: 18px; }
.orgsim-explainer-title { font-size: 22px; font-weight: 700; display: block; }
.orgsim-explainer-description, .orgsim-watch { display: block; margin: 4px 0; }
.orgsim-follow { margin-top: 12px; }
.orgsim-story { font-size: 18px; background: #f7f0fc; border-left: 5px solid #7a00cc; padding: 6px 12px; }
.orgsim-story-title { font-size: 20px; font-weight: 700; }
.orgsim-quote { margin: 6px 0 6px 10px; font-size: 18px; color: #333; }
"""
